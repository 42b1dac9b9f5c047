from django.urls import path

from cchc.scoring import views

app_name = "scoring"
urlpatterns = [
    path("", views.index, name="index"),
    path("frameworks/import/", views.framework_import, name="framework_import"),
    path("frameworks/<int:pk>/export/", views.framework_export, name="framework_export"),
    path("frameworks/<int:pk>/rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/state/", views.round_state, name="round_state"),
    path("rounds/<int:pk>/council/", views.round_council, name="round_council"),
    path("rounds/<int:pk>/results/", views.results, name="results"),
    path("rounds/<int:pk>/results.<str:fmt>", views.results_file, name="results_file"),
    path("assessments/<int:pk>/", views.assessment, name="assessment"),
    path("assessments/<int:pk>/action/", views.assessment_action, name="assessment_action"),
    path("scores/<int:pk>/save/", views.score_save, name="score_save"),
    path("scores/<int:pk>/appraise/", views.score_appraise, name="score_appraise"),
    path("scores/<int:pk>/vote/", views.score_vote, name="score_vote"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
]
