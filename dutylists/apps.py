"""App configurations the project gives third-party apps: Chinese names in the admin."""

from axes.apps import AppConfig as AxesAppConfig


class LoginLockoutConfig(AxesAppConfig):
    """django-axes (login throttling), listed in the admin as 登录限制 rather than "Axes"."""

    verbose_name = "登录限制"

    def ready(self) -> None:
        super().ready()
        from axes.admin import AccessAttemptAdmin

        # Two columns axes computes have no label of their own; the admin would title them in English.
        AccessAttemptAdmin.status.short_description = "状态"
        AccessAttemptAdmin.expiration.short_description = "到期时间"
