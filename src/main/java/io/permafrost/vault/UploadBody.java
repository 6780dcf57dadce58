package io.permafrost.vault;

import java.io.InputStream;

/** A request body to stream into storage: the bytes, their declared length (-1 if undeclared) and the check to run on them. */
public record UploadBody(InputStream stream, long contentLength, PayloadCheck check) {
}
