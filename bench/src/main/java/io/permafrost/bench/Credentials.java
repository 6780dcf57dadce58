package io.permafrost.bench;

/** The root key the benchmark gives Permafrost through its environment (moto accepts any key). */
record Credentials(String accessKeyId, String secretAccessKey, String accountId) {
    static final Credentials BENCH = new Credentials("AKIABENCHMARK0000001", "bench/secret/key/for/loopback/only0000",
            "111122223333");
}
