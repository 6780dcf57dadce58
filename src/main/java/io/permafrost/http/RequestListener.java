package io.permafrost.http;

/** Told of every finished API request (on the thread that finished it: keep it quick). */
@FunctionalInterface
public interface RequestListener {
    void completed(RequestRecord request);
}
