# The name index (0010_duty_name_document_idx) and the summary tables (0010_statistics_summary) were made side by side.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('township', '0010_duty_name_document_idx'),
        ('township', '0010_statistics_summary'),
    ]

    operations = [
    ]
