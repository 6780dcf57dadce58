package io.permafrost.glacier;

/**
 * The 33 operations of the Glacier API. Each is also the IAM action {@code glacier:<name>} that a
 * policy must allow, and knows whether its account id must be the caller's own (spec 3.2).
 */
public enum Operation {
    CreateVault(Scope.OWN_ACCOUNT),
    DescribeVault(Scope.VAULT),
    ListVaults(Scope.OWN_ACCOUNT),
    DeleteVault(Scope.VAULT),
    UploadArchive(Scope.VAULT),
    DeleteArchive(Scope.VAULT),
    InitiateMultipartUpload(Scope.VAULT),
    UploadMultipartPart(Scope.VAULT),
    CompleteMultipartUpload(Scope.VAULT),
    AbortMultipartUpload(Scope.VAULT),
    ListParts(Scope.VAULT),
    ListMultipartUploads(Scope.VAULT),
    InitiateJob(Scope.VAULT),
    DescribeJob(Scope.VAULT),
    ListJobs(Scope.VAULT),
    GetJobOutput(Scope.VAULT),
    SetVaultNotifications(Scope.VAULT),
    GetVaultNotifications(Scope.VAULT),
    DeleteVaultNotifications(Scope.VAULT),
    SetVaultAccessPolicy(Scope.VAULT),
    GetVaultAccessPolicy(Scope.VAULT),
    DeleteVaultAccessPolicy(Scope.VAULT),
    InitiateVaultLock(Scope.OWN_VAULT),
    CompleteVaultLock(Scope.OWN_VAULT),
    AbortVaultLock(Scope.OWN_VAULT),
    GetVaultLock(Scope.VAULT),
    AddTagsToVault(Scope.VAULT),
    RemoveTagsFromVault(Scope.VAULT),
    ListTagsForVault(Scope.VAULT),
    GetDataRetrievalPolicy(Scope.OWN_ACCOUNT),
    SetDataRetrievalPolicy(Scope.OWN_ACCOUNT),
    PurchaseProvisionedCapacity(Scope.OWN_ACCOUNT),
    ListProvisionedCapacity(Scope.OWN_ACCOUNT);

    /** What the operation acts on, and so whose account id the URL may name. */
    public enum Scope {
        /** A vault of any account whose policies grant the caller access. */
        VAULT,
        /** A vault of the caller's own account only (lock operations). */
        OWN_VAULT,
        /** No vault: account-level, the caller's own account only. */
        OWN_ACCOUNT
    }

    private final Scope scope;

    Operation(Scope scope) {
        this.scope = scope;
    }

    public Scope scope() {
        return scope;
    }

    public boolean mustBeOwnAccount() {
        return scope != Scope.VAULT;
    }

    public String iamAction() {
        return "glacier:" + name();
    }
}
