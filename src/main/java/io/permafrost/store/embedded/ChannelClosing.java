package io.permafrost.store.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;

/** Closing a blob file on a path that is already failing or finished: a close error has nowhere better to go than the log. */
final class ChannelClosing {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelClosing.class);

    private ChannelClosing() {
    }

    static void quietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("could not close a blob file: {}", e.getMessage());
        }
    }
}
