"""The form renderer: Django's Jinja2 widget templates, and Django templates for the rest.

Forms are drawn with the Jinja2 copies of Django's widget templates (the same
HTML in about half the time). The admin's own widgets (``admin/widgets/*.html``:
date and time pickers, the "+"/pencil links around a foreign key, raw-id
inputs) exist only as Django templates, so a template that the Jinja2 engine
does not have is looked up by a Django-template renderer, which finds the
admin's and every app's ``templates`` folders.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist
from django.utils.functional import cached_property


class FormRenderer(Jinja2):
    @cached_property
    def fallback(self) -> DjangoTemplates:
        return DjangoTemplates()

    def get_template(self, template_name):
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self.fallback.get_template(template_name)
