package io.permafrost.http.console;

import java.io.IOException;
import java.io.OutputStream;

/** What a console request answers: a page, a redirect, JSON for the upload script, or a streamed download. */
sealed interface ConsoleReply {

    record Html(int status, String html) implements ConsoleReply {
    }

    record Redirect(String location) implements ConsoleReply {
    }

    record Json(int status, String json) implements ConsoleReply {
    }

    record Asset(String contentType, byte[] bytes) implements ConsoleReply {
    }

    /** A body written as it is read from storage, never held whole. */
    record Download(String contentType, long length, String fileName, Body body) implements ConsoleReply {
    }

    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    static ConsoleReply page(Page page) {
        return new Html(200, page.html());
    }
}
