package io.permafrost.policy;

/** One entry of a Principal or NotPrincipal element (spec 15.2). */
sealed interface PrincipalPattern {

    PrincipalMatch match(AuthorizationRequest request);

    /** "*" or {"AWS": "*"}: every authenticated caller of every account. */
    record Everyone() implements PrincipalPattern {
        @Override
        public PrincipalMatch match(AuthorizationRequest request) {
            return PrincipalMatch.BROAD;
        }
    }

    /** A 12-digit account id or {@code arn:…:iam::ACCOUNT:root}: every principal of that account, root included. */
    record Account(String accountId) implements PrincipalPattern {
        @Override
        public PrincipalMatch match(AuthorizationRequest request) {
            return request.principalAccount().equals(accountId) ? PrincipalMatch.BROAD : PrincipalMatch.NONE;
        }
    }

    /** A user ARN or an assumed-role session ARN, compared exactly. */
    record Exact(String arn) implements PrincipalPattern {
        @Override
        public PrincipalMatch match(AuthorizationRequest request) {
            return request.principalArn().equals(arn) ? PrincipalMatch.SPECIFIC : PrincipalMatch.NONE;
        }
    }

    /**
     * A role ARN: the role itself and every session of it. Session ARNs
     * ({@code arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION}) carry the role name but not its path,
     * so sessions are recognised by partition, account and role name.
     */
    record Role(String arn, String partition, String accountId, String roleName) implements PrincipalPattern {
        @Override
        public PrincipalMatch match(AuthorizationRequest request) {
            String caller = request.principalArn();
            String sessionPrefix = "arn:" + partition + ":sts::" + accountId + ":assumed-role/" + roleName + "/";
            boolean isSession = caller.startsWith(sessionPrefix) && caller.indexOf('/', sessionPrefix.length()) < 0
                    && caller.length() > sessionPrefix.length();
            return caller.equals(arn) || isSession ? PrincipalMatch.SPECIFIC : PrincipalMatch.NONE;
        }
    }

    /** Service, Federated and CanonicalUser principals: legal, but no Glacier API caller is one. */
    record Unmatchable(String type, String value) implements PrincipalPattern {
        @Override
        public PrincipalMatch match(AuthorizationRequest request) {
            return PrincipalMatch.NONE;
        }
    }
}
