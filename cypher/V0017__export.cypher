// A full import writes nodes under the label PedigreeImport alone and finds them again by their exported id (to
// link relations) and by their label group (to give them their real labels at the end).
CREATE INDEX pedigree_import_id IF NOT EXISTS FOR (n:PedigreeImport) ON (n._importId);
CREATE INDEX pedigree_import_group IF NOT EXISTS FOR (n:PedigreeImport) ON (n._importGroup);
