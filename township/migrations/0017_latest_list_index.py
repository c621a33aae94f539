"""The latest version of every township read from one index: township, newest first, with the ids."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('township', '0016_admission_check'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='dutylist',
            index=models.Index(fields=['township', '-published'], include=('id',), name='dutylist_latest_idx'),
        ),
    ]
