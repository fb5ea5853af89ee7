"""Users in the admin: role and unit inline, unlock, tokens to revoke — every write audited.

Django's own UserAdmin is kept for its forms (add, change, set password); its writes are routed
through the audit services, and a password set here must be replaced at the user's next login.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.db import transaction

from planwatch.audit.services import audited_delete, audited_save

from . import services
from .models import ApiToken, Profile

User = get_user_model()
admin.site.unregister(User)  # Django's registration, replaced below
admin.site.unregister(Group)  # roles are the only grant; Django's groups stay unused


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    max_num = 1
    fields = ["role", "unit", "must_change_password", "failed_logins", "locked_until"]
    readonly_fields = ["failed_logins", "locked_until"]
    autocomplete_fields = ["unit"]


@admin.action(description="解除锁定")
def unlock_users(modeladmin, request, queryset):
    done = [u.username for u in queryset if services.unlock(actor=request.user, user=u)]
    modeladmin.message_user(
        request, f"已解除锁定：{'、'.join(done) or '（所选账号均未锁定）'}", messages.SUCCESS
    )


@admin.register(User)
class AccountUserAdmin(UserAdmin):
    list_display = ["username", "role", "unit", "is_active", "locked_until", "last_login"]
    list_filter = ["profile__role", "is_active"]
    list_select_related = ["profile", "profile__unit"]
    inlines = [ProfileInline]
    actions = [unlock_users]
    # Roles are the only grant (accounts.permissions): Django's groups and permissions stay unused.
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("first_name", "last_name", "email")}),
        ("状态", {"fields": ("is_active", "is_superuser", "last_login", "date_joined")}),
    )
    readonly_fields = ["last_login", "date_joined"]

    @admin.display(description="角色", ordering="profile__role")
    def role(self, obj):
        profile = getattr(obj, "profile", None)
        return "领导小组办公室（超级用户）" if obj.is_superuser else (profile and profile.get_role_display())

    @admin.display(description="责任单位")
    def unit(self, obj):
        profile = getattr(obj, "profile", None)
        return profile.unit if profile else None

    @admin.display(description="锁定至")
    def locked_until(self, obj):
        profile = getattr(obj, "profile", None)
        return profile.locked_until if profile else None

    def save_model(self, request, obj, form, change):
        audited_save(actor=request.user, obj=obj)

    def delete_model(self, request, obj):
        audited_delete(actor=request.user, obj=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audited_delete(actor=request.user, obj=obj)

    def save_formset(self, request, form, formset, change):
        for obj in formset.save(commit=False):
            audited_save(actor=request.user, obj=obj)
        for obj in formset.deleted_objects:
            audited_delete(actor=request.user, obj=obj)
        formset.save_m2m()

    def user_change_password(self, request, id, form_url=""):
        # Django's view has no transaction of its own; the password and its event go together.
        with transaction.atomic():
            return super().user_change_password(request, id, form_url)

    def log_change(self, request, obj, message):
        if request.resolver_match and request.resolver_match.url_name.endswith("_password_change"):
            services.password_was_set(actor=request.user, user=obj)
        return super().log_change(request, obj, message)


@admin.action(description="吊销所选令牌")
def revoke_tokens(modeladmin, request, queryset):
    for token in queryset:
        services.revoke_token(actor=request.user, token=token)
    modeladmin.message_user(request, "所选令牌已吊销。", messages.SUCCESS)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued by `planwatch users token NAME` (shown once); here they are revoked."""

    list_display = ["prefix", "user", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    list_select_related = ["user__profile__unit"]  # a user is shown by name and unit
    search_fields = ["prefix", "user__username"]
    fields = ["user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = fields
    actions = [revoke_tokens]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
