"""具体任务 and 政策措施 pages, mounted at /tasks/ (namespace "tasks")."""

from django.urls import path

from . import views, views_policy, views_task

app_name = "tasks"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:plan_id>/", views.task_list, name="list"),
    path("<int:plan_id>/review/", views.review, name="review"),
    path("<int:plan_id>/import/", views.import_table, name="import"),
    path("<int:plan_id>/policies/", views.policies, name="policies"),
    path("task/<int:pk>/", views_task.task_detail, name="task"),
    path("task/<int:pk>/milestones/", views_task.milestones, name="milestones"),
    path("task/<int:pk>/report/", views_task.report, name="report"),
    path("reports/<int:pk>/<str:action>/", views_task.review_report, name="review_report"),
    path("policy/<int:pk>/", views_policy.policy_detail, name="policy"),
    path("policy/<int:pk>/document/", views_policy.policy_document, name="policy_document"),
    path("policy/<int:pk>/delivery/", views_policy.policy_delivery, name="policy_delivery"),
    path("deliveries/<int:pk>/<str:action>/", views_policy.delivery_review, name="delivery_review"),
    path("policy-files/<uuid:pk>/", views_policy.policy_document_file, name="policy_file"),
    path("evidence/<uuid:pk>/", views_task.evidence_file, name="evidence"),
]
