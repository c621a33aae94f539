# Search documents: the category's lexemes move from weight B to D, so that B holds department
# names alone and a keyword can match them (township/search.py says why). Only the weights of
# the category's own positions change, in SQL: the category is the document's second segment,
# right after the name and one position of gap (township/services/search_documents.py), so its
# positions are len(name) + 2 … len(name) + 1 + len(category). A document is rebuilt as text
# from its lexemes, positions and weights and cast back; no text is re-read.

from django.db import migrations

REWEIGHT = r"""
UPDATE township_duty AS duty SET search_document = COALESCE((
    SELECT string_agg(
        '''' || replace(replace(entry.lexeme, '\', '\\'), '''', '''''') || ''':' || (
            SELECT string_agg(position::text || CASE
                WHEN weight = %(old)s AND position BETWEEN char_length(duty.name) + 2
                                                       AND char_length(duty.name) + 1 + char_length(category.name)
                THEN %(new)s ELSE weight END, ',' ORDER BY position)
            FROM unnest(entry.positions, entry.weights) AS position_weight(position, weight)),
        ' ')::tsvector
    FROM unnest(duty.search_document) AS entry
), ''::tsvector)
FROM township_category AS category
WHERE category.id = duty.category_id AND duty.search_document IS NOT NULL
"""


class Migration(migrations.Migration):
    dependencies = [
        ('township', '0012_duty_name_document'),
    ]

    operations = [
        migrations.RunSQL([(REWEIGHT, {"old": "B", "new": "D"}), "ANALYZE township_duty"],
                          reverse_sql=[(REWEIGHT, {"old": "D", "new": "B"})]),
    ]
