# Places, townships and departments get a pinyin sort key (township/pinyin.py says why a key
# and not an ICU collation); the rows already there get theirs here.

from django.db import migrations

import township.models.fields

KEYED_MODELS = ("Place", "Township", "Department")
KEY_BATCH = 5000  # rows read, keyed and written back per statement


def keys_of_existing_names(apps, schema_editor):
    """Key every existing name: read in batches, written back with one UPDATE … FROM unnest per batch."""
    from township.pinyin import pinyin_key

    for model_name in KEYED_MODELS:
        model = apps.get_model("township", model_name)
        table = schema_editor.quote_name(model._meta.db_table)
        rows = model.objects.order_by("pk").values_list("pk", "name").iterator(chunk_size=KEY_BATCH)
        batch: list[tuple[int, str]] = []
        for row in rows:
            batch.append(row)
            if len(batch) == KEY_BATCH:
                _write_keys(schema_editor, table, batch, pinyin_key)
                batch = []
        _write_keys(schema_editor, table, batch, pinyin_key)


def _write_keys(schema_editor, table: str, batch: list[tuple[int, str]], pinyin_key) -> None:
    if not batch:
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS row SET pinyin_key = keyed.key FROM unnest(%s::bigint[], %s::text[]) AS keyed(id, key) "
            "WHERE row.id = keyed.id",
            [[pk for pk, _ in batch], [pinyin_key(name) for _, name in batch]])


class Migration(migrations.Migration):

    dependencies = [
        ('township', '0014_adjustments'),
    ]

    operations = [
        migrations.AddField(
            model_name='place',
            name='pinyin_key',
            field=township.models.fields.PinyinKeyField(default='', verbose_name='拼音排序键'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='township',
            name='pinyin_key',
            field=township.models.fields.PinyinKeyField(default='', verbose_name='拼音排序键'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='department',
            name='pinyin_key',
            field=township.models.fields.PinyinKeyField(default='', verbose_name='拼音排序键'),
            preserve_default=False,
        ),
        migrations.RunPython(keys_of_existing_names, migrations.RunPython.noop, elidable=False),
        migrations.AlterModelOptions(
            name='place',
            options={'ordering': ['level', 'pinyin_key', 'pk'], 'verbose_name': '行政区划', 'verbose_name_plural': '行政区划'},
        ),
        migrations.AlterModelOptions(
            name='township',
            options={'ordering': ['county__pinyin_key', 'county_id', 'pinyin_key', 'pk'], 'verbose_name': '乡镇（街道）', 'verbose_name_plural': '乡镇（街道）'},
        ),
        migrations.AlterModelOptions(
            name='department',
            options={'ordering': ['place__pinyin_key', 'place_id', 'pinyin_key', 'pk'], 'verbose_name': '上级部门', 'verbose_name_plural': '上级部门'},
        ),
    ]
