from django.contrib import admin

from openplan.taxonomy.models import Concept, Scheme, SchemeVersion


class SchemeVersionInline(admin.TabularInline):
    model = SchemeVersion
    extra = 0


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "version"]
    inlines = [SchemeVersionInline]


@admin.register(Concept)
class ConceptAdmin(admin.ModelAdmin):
    list_display = ["pref_label", "scheme", "notation", "parent"]
    list_filter = ["scheme"]
    search_fields = ["pref_label", "notation"]
    raw_id_fields = ["parent"]
