package io.permafrost.http;

import io.permafrost.glacier.Operation;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one router table: method + path template -> operation (spec 2). Path segments are
 * percent-decoded once before matching; the tag writes are told apart by {@code operation=add|remove}.
 */
public final class Router {
    private record Template(String method, String[] segments, Operation operation, String requiredQuery) {
    }

    private final List<Template> templates = new ArrayList<>();

    public Router() {
        add("PUT", "/{accountId}/vaults/{vaultName}", Operation.CreateVault);
        add("GET", "/{accountId}/vaults/{vaultName}", Operation.DescribeVault);
        add("GET", "/{accountId}/vaults", Operation.ListVaults);
        add("DELETE", "/{accountId}/vaults/{vaultName}", Operation.DeleteVault);
        add("POST", "/{accountId}/vaults/{vaultName}/archives", Operation.UploadArchive);
        add("DELETE", "/{accountId}/vaults/{vaultName}/archives/{archiveId}", Operation.DeleteArchive);
        add("POST", "/{accountId}/vaults/{vaultName}/multipart-uploads", Operation.InitiateMultipartUpload);
        add("PUT", "/{accountId}/vaults/{vaultName}/multipart-uploads/{uploadId}", Operation.UploadMultipartPart);
        add("POST", "/{accountId}/vaults/{vaultName}/multipart-uploads/{uploadId}", Operation.CompleteMultipartUpload);
        add("DELETE", "/{accountId}/vaults/{vaultName}/multipart-uploads/{uploadId}", Operation.AbortMultipartUpload);
        add("GET", "/{accountId}/vaults/{vaultName}/multipart-uploads/{uploadId}", Operation.ListParts);
        add("GET", "/{accountId}/vaults/{vaultName}/multipart-uploads", Operation.ListMultipartUploads);
        add("POST", "/{accountId}/vaults/{vaultName}/jobs", Operation.InitiateJob);
        add("GET", "/{accountId}/vaults/{vaultName}/jobs/{jobId}", Operation.DescribeJob);
        add("GET", "/{accountId}/vaults/{vaultName}/jobs", Operation.ListJobs);
        add("GET", "/{accountId}/vaults/{vaultName}/jobs/{jobId}/output", Operation.GetJobOutput);
        add("PUT", "/{accountId}/vaults/{vaultName}/notification-configuration", Operation.SetVaultNotifications);
        add("GET", "/{accountId}/vaults/{vaultName}/notification-configuration", Operation.GetVaultNotifications);
        add("DELETE", "/{accountId}/vaults/{vaultName}/notification-configuration", Operation.DeleteVaultNotifications);
        add("PUT", "/{accountId}/vaults/{vaultName}/access-policy", Operation.SetVaultAccessPolicy);
        add("GET", "/{accountId}/vaults/{vaultName}/access-policy", Operation.GetVaultAccessPolicy);
        add("DELETE", "/{accountId}/vaults/{vaultName}/access-policy", Operation.DeleteVaultAccessPolicy);
        add("POST", "/{accountId}/vaults/{vaultName}/lock-policy", Operation.InitiateVaultLock);
        add("POST", "/{accountId}/vaults/{vaultName}/lock-policy/{lockId}", Operation.CompleteVaultLock);
        add("DELETE", "/{accountId}/vaults/{vaultName}/lock-policy", Operation.AbortVaultLock);
        add("GET", "/{accountId}/vaults/{vaultName}/lock-policy", Operation.GetVaultLock);
        add("POST", "/{accountId}/vaults/{vaultName}/tags", Operation.AddTagsToVault, "add");
        add("POST", "/{accountId}/vaults/{vaultName}/tags", Operation.RemoveTagsFromVault, "remove");
        add("GET", "/{accountId}/vaults/{vaultName}/tags", Operation.ListTagsForVault);
        add("GET", "/{accountId}/policies/data-retrieval", Operation.GetDataRetrievalPolicy);
        add("PUT", "/{accountId}/policies/data-retrieval", Operation.SetDataRetrievalPolicy);
        add("POST", "/{accountId}/provisioned-capacity", Operation.PurchaseProvisionedCapacity);
        add("GET", "/{accountId}/provisioned-capacity", Operation.ListProvisionedCapacity);
    }

    private void add(String method, String path, Operation operation) {
        add(method, path, operation, null);
    }

    private void add(String method, String path, Operation operation, String tagOperation) {
        templates.add(new Template(method, path.substring(1).split("/"), operation, tagOperation));
    }

    /**
     * Matches a request. {@code rawPath} is still percent-encoded; {@code tagOperation} is the value of
     * the {@code operation} query parameter (null when absent).
     */
    public Optional<Route> match(String method, String rawPath, String tagOperation) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return Optional.empty();
        }
        String[] raw = rawPath.substring(1).split("/", -1);
        String[] segments = new String[raw.length];
        for (int i = 0; i < raw.length; i++) {
            segments[i] = decode(raw[i]);
            if (segments[i] == null || segments[i].isEmpty()) {
                return Optional.empty();
            }
        }
        for (Template template : templates) {
            if (!template.method.equals(method) || template.segments.length != segments.length) {
                continue;
            }
            if (template.requiredQuery != null && !template.requiredQuery.equals(tagOperation)) {
                continue;
            }
            Map<String, String> params = bind(template.segments, segments);
            if (params != null) {
                return Optional.of(new Route(template.operation, params));
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> bind(String[] template, String[] segments) {
        Map<String, String> params = new HashMap<>(4);
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{")) {
                params.put(t.substring(1, t.length() - 1), segments[i]);
            } else if (!t.equals(segments[i])) {
                return null;
            }
        }
        return params;
    }

    /** Percent-decodes one path segment as UTF-8 ('+' stays '+'); null when the encoding is broken. */
    static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
