package io.permafrost.store;

/** What deleting an archive id found, so the domain layer can answer as Glacier does (spec 8.2). */
public enum ArchiveDeletion { DELETED, ALREADY_DELETED, OTHER_VAULT, NEVER_ISSUED }
