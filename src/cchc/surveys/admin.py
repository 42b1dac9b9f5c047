from django.contrib import admin

from cchc.surveys.models import Factor, Question, Questionnaire, RatingCriterion


class FactorInline(admin.TabularInline):
    model = Factor
    extra = 0


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "version", "aggregation", "active")
    inlines = [FactorInline, QuestionInline]


@admin.register(RatingCriterion)
class RatingCriterionAdmin(admin.ModelAdmin):
    list_display = ("no", "name", "max_points", "verified")
