package io.permafrost.bench;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A request signed before the clock starts: its whole HTTP/1.1 head as bytes, and which part of the
 * payload file is its body. Signed by the SDK's own SigV4 signer, which reads the body region once
 * to put its SHA-256 into x-amz-content-sha256 (it takes no precomputed value): that pass is part
 * of preparing, outside the timing.
 */
record PresignedRequest(byte[] head, long bodyOffset, long bodyLength) {
    /** Signs requests for one endpoint with the bench's root key. */
    static final class Signer {
        private final URI endpoint;
        private final AwsCredentialsIdentity identity;
        private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

        Signer(String endpoint, Credentials credentials) {
            this.endpoint = URI.create(endpoint);
            this.identity = AwsCredentialsIdentity.create(credentials.accessKeyId(), credentials.secretAccessKey());
        }

        PresignedRequest withoutBody(SdkHttpMethod method, String path, Map<String, String> headers) {
            return sign(method, path, headers, null, 0, 0);
        }

        /** The body is {@code bodyLength} bytes of {@code file} from {@code bodyOffset}. */
        PresignedRequest sign(SdkHttpMethod method, String path, Map<String, String> headers, FileChannel file,
                              long bodyOffset, long bodyLength) {
            SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().method(method).uri(endpoint.resolve(path))
                    .putHeader("x-amz-glacier-version", "2012-06-01")
                    .putHeader("Content-Length", Long.toString(bodyLength));
            headers.forEach(unsigned::putHeader);
            ContentStreamProvider payload = bodyLength == 0 ? ContentStreamProvider.fromByteArrayUnsafe(new byte[0])
                    : () -> new FileRegionStream(file, bodyOffset, bodyLength);
            SignedRequest signed = signer.sign(r -> r.identity(identity).request(unsigned.build()).payload(payload)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "glacier")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
            StringBuilder head = new StringBuilder(method.name()).append(' ').append(signed.request().encodedPath())
                    .append(" HTTP/1.1\r\n");
            for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
                header.getValue().forEach(value -> head.append(header.getKey()).append(": ").append(value).append("\r\n"));
            }
            if (signed.request().firstMatchingHeader("Host").isEmpty()) {
                head.append("Host: ").append(endpoint.getHost()).append(':').append(endpoint.getPort()).append("\r\n");
            }
            head.append("\r\n");
            return new PresignedRequest(head.toString().getBytes(StandardCharsets.US_ASCII), bodyOffset, bodyLength);
        }
    }

    /** A region of a file as a stream, read with positional reads (the channel is shared by threads). */
    private static final class FileRegionStream extends InputStream {
        private final FileChannel file;
        private long at;
        private final long end;

        FileRegionStream(FileChannel file, long offset, long length) {
            this.file = file;
            this.at = offset;
            this.end = offset + length;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) {
            if (at >= end) {
                return -1;
            }
            try {
                int n = file.read(ByteBuffer.wrap(bytes, offset, (int) Math.min(length, end - at)), at);
                at += Math.max(0, n);
                return n;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
