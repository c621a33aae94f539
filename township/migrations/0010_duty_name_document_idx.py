# An index of item names' search lexemes, so that keyword search finds name matches first
# without reading every candidate's whole document (township.selectors.search).

import django.contrib.postgres.indexes
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations

import township.models.duties


class Migration(migrations.Migration):
    # Built concurrently: at millions of items it takes minutes, and the portal keeps importing.
    atomic = False

    dependencies = [
        ('township', '0009_catalogue_incremental'),
    ]

    operations = [
        AddIndexConcurrently(
            model_name='duty',
            index=django.contrib.postgres.indexes.GinIndex(township.models.duties.NameDocument('search_document'),
                                                           name='duty_name_document_idx'),
        ),
    ]
