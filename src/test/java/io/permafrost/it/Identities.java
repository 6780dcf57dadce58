package io.permafrost.it;

import io.permafrost.auth.Credential;
import io.permafrost.glacier.Caller;
import io.permafrost.testing.TestServer;

import java.util.ArrayList;
import java.util.List;

/**
 * The principals the policy tests act as: the owner account's root (TestServer's default key), users
 * of the owner account, and another account with its root and users. Each key's secret is derived
 * from its id so tests only ever name the key.
 */
final class Identities {
    static final String OWNER = TestServer.ACCOUNT;
    static final String OTHER = "444455556666";
    static final String REGION = "us-east-1";

    static final String OWNER_ROOT = TestServer.ROOT_KEY;
    static final String OTHER_ROOT = "OTHERROOTKEY";

    private Identities() {
    }

    static String secretOf(String key) {
        return key.equals(OWNER_ROOT) ? TestServer.ROOT_SECRET : key + "-secret";
    }

    static String userArn(String account, String name) {
        return "arn:aws:iam::" + account + ":user/" + name;
    }

    static String rootArn(String account) {
        return "arn:aws:iam::" + account + ":root";
    }

    static String vaultArn(String account, String vault) {
        return "arn:aws:glacier:" + REGION + ":" + account + ":vaults/" + vault;
    }

    /** A user whose access key id is {@code key}, with the given identity policy documents. */
    static Credential user(String account, String name, String key, String... identityPolicies) {
        Caller caller = new Caller(account, userArn(account, name), name, "AIDA" + name.toUpperCase() + account,
                List.of(identityPolicies), false);
        return Credential.permanent(key, secretOf(key), caller);
    }

    static Credential otherRoot() {
        return Credential.permanent(OTHER_ROOT, secretOf(OTHER_ROOT), Caller.root(OTHER));
    }

    /** The other account's root plus the given users (the owner's root is always there). */
    static List<Credential> with(Credential... users) {
        List<Credential> all = new ArrayList<>(List.of(users));
        all.add(otherRoot());
        return all;
    }
}
