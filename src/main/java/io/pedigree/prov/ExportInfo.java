package io.pedigree.prov;

import java.time.Instant;

/** Who asked for an export, when, and what it answers: the export's bundle carries them. */
record ExportInfo(String id, String title, String principal, Instant at) {
}
