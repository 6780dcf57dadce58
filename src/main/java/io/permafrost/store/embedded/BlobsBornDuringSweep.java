package io.permafrost.store.embedded;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ids of blobs this process created while the start-up sweep runs beside the requests it serves.
 * Such a blob may be committed and not yet referred to, because its archive's metadata commit comes
 * after the blob's: to the sweep it looks exactly like an upload an earlier process was cut off in. So
 * the sweep asks here and leaves every one alone. An id is recorded before its blob can exist (before
 * the file is created, before the inline row is written), so the sweep can never see a blob of this
 * process that is not here yet. Memory: one id per blob created during the sweep, forgotten when it ends.
 */
final class BlobsBornDuringSweep {
    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private volatile boolean recording;

    void startRecording() {
        recording = true;
    }

    /** Called with every new blob id before the blob is written anywhere. */
    void record(String blobId) {
        if (recording) {
            ids.add(blobId);
        }
    }

    boolean contains(String blobId) {
        return ids.contains(blobId);
    }

    /** The sweep is over: nothing needs to know any more which blobs are this process's. */
    void stopRecording() {
        recording = false;
        ids.clear();
    }
}
