import rules

# The registry is public to read; vocabularies change only through migrations for now.
rules.add_perm("taxonomy.view_vocabulary", rules.always_allow)
