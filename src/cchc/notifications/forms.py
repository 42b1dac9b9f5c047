from django import forms

from cchc.notifications.models import Preference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["due_soon", "overdue", "reports", "escalations", "email"]
