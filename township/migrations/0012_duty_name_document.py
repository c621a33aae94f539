# Item names' search lexemes as a column the database keeps (Duty.name_document), indexed in
# place of the expression index of 0010: checking a candidate's name no longer reads its whole
# search document back from the table.
#
# Adding a stored generated column rewrites the item table under an exclusive lock: 2 min 15 s
# at a million items on the 2-core machine (the README says so). The index is built
# concurrently afterwards, and the planner's statistics of the new column gathered at the end.

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models

import township.models.duties


class Migration(migrations.Migration):
    atomic = False  # the index operations run concurrently

    dependencies = [
        ('township', '0011_merge_name_index_and_summaries'),
    ]

    operations = [
        RemoveIndexConcurrently(
            model_name='duty',
            name='duty_name_document_idx',
        ),
        migrations.AddField(
            model_name='duty',
            name='name_document',
            field=models.GeneratedField(db_persist=True,
                                        expression=township.models.duties.NameDocument('search_document'),
                                        output_field=django.contrib.postgres.search.SearchVectorField(),
                                        verbose_name='名称检索文档'),
        ),
        AddIndexConcurrently(
            model_name='duty',
            index=django.contrib.postgres.indexes.GinIndex(fields=['name_document'], name='duty_name_document_idx'),
        ),
        # Without statistics the planner takes "工" (in half of all names) for a rare word.
        migrations.RunSQL("ANALYZE township_duty", reverse_sql=migrations.RunSQL.noop),
    ]
