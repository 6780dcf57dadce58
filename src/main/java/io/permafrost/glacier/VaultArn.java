package io.permafrost.glacier;

/** Builds the ARNs and Location paths Glacier responses carry; they always hold the real account id. */
public record VaultArn(String region, String accountId, String vaultName) {

    public String arn() {
        return "arn:aws:glacier:" + region + ":" + accountId + ":vaults/" + vaultName;
    }

    public String location() {
        return "/" + accountId + "/vaults/" + vaultName;
    }

    @Override
    public String toString() {
        return arn();
    }
}
