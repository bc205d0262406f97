from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "hibrida.evaluation"
    label = "evaluation"
