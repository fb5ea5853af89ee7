"""Login, logout and password change pages (thin: forms and services do the work)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.db import transaction
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator

from .forms import LoginForm, PasswordForm
from .models import Profile


@method_decorator(transaction.atomic, name="post")
class LoginView(auth_views.LoginView):
    """One transaction per attempt: the failure count, the lock and their audit events."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django 5): a link cannot log anyone out."""


@method_decorator(transaction.atomic, name="post")
class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordForm
    success_url = reverse_lazy("accounts:password_change_done")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        profile = Profile.objects.filter(user=self.request.user).first()
        context["forced"] = bool(profile and profile.must_change_password)
        return context


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
