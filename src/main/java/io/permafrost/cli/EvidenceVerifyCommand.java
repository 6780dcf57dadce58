package io.permafrost.cli;

import io.permafrost.evidence.EvidenceVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code evidence verify FILE}: checks a bundle offline; exit 0 only for a valid signature over a well-formed bundle. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check an evidence bundle without the server; names what is wrong. Exit 0 only when valid.")
final class EvidenceVerifyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The bundle.")
    Path file;

    @Option(names = "--public-key", paramLabel = "FILE", description = "The server's public key (PEM, e.g. DATA/"
            + EvidenceCommand.SIGNING_KEY + ".pub) the bundle must be signed with; without it the key the bundle "
            + "names is used, which proves it unchanged but not who signed it.")
    Path publicKey;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            System.err.println("no such file: " + file);
            return 2;
        }
        String trusted = publicKey == null ? null : Files.readString(publicKey, StandardCharsets.US_ASCII);
        EvidenceVerifier.Verdict verdict = new EvidenceVerifier().verify(file, trusted);
        if (verdict.valid()) {
            WholeLines.printf(System.out, "VALID %s: %d archives, signed SHA-256 %s%s%n", file, verdict.archives(), verdict.sha256(),
                    publicKey == null ? " (by the key the bundle names; pass --public-key to check whose it is)"
                            : " by " + publicKey);
            return 0;
        }
        System.out.println("INVALID " + file + ":");
        verdict.problems().forEach(problem -> System.out.println("  " + problem));
        return 1;
    }
}
