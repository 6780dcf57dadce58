package io.permafrost.store;

/**
 * What deleting an archive id found, so the domain layer can answer as Glacier does (spec 8.2):
 * {@code OTHER_VAULT} is a vault of the same account, {@code OTHER_ACCOUNT} a vault of another one;
 * {@code DENIED}: the vault's policies, re-read in the delete's own transaction, no longer allow it.
 */
public enum ArchiveDeletion { DELETED, ALREADY_DELETED, OTHER_VAULT, OTHER_ACCOUNT, NEVER_ISSUED, DENIED }
