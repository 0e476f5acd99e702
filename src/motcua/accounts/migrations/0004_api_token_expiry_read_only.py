"""API tokens get an expiry and a read-only flag (issue 24, part 2).

Tokens made before this migration expire at the moment it runs (no province ran motcua yet):
make new ones with `motcua token create`.
"""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_drop_login_throttle"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, verbose_name="hết hạn lúc"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="apitoken",
            name="read_only",
            field=models.BooleanField(default=False, verbose_name="chỉ đọc"),
        ),
    ]
