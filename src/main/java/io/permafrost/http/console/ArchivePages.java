package io.permafrost.http.console;

import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;
import io.permafrost.glacier.Operation;
import io.permafrost.vault.JobOutput;
import io.permafrost.vault.JobService;

import java.util.List;
import java.util.Map;

/**
 * A vault's archives (browsed from its latest inventory), upload, inventory and retrieval jobs,
 * downloads and deletes. Every action is the API's call with the signed-in identity.
 */
final class ArchivePages {
    static final int PAGE_SIZE = 25;
    private final ConsoleServices services;
    private final ConsoleUpload uploads;
    private final InventoryBrowser inventories;

    ArchivePages(ConsoleServices services) {
        this.services = services;
        this.uploads = new ConsoleUpload(services);
        this.inventories = new InventoryBrowser(services);
    }

    ConsoleReply archives(ConsoleRequest request, String vault, String refusal) {
        ConsoleSession session = request.session();
        services.vaults().describe(request.context(), "-", vault);
        String base = VaultPages.base(vault);
        Page page = new Page("Archives of " + vault, session).heading("Archives: " + vault);
        VaultPages.flashOrError(page, session, null);
        if (refusal != null) {
            page.raw(refusal);
        }
        page.raw("<p>" + Page.link(base, "Back to the vault") + " " + Page.link(base + "/jobs", "Jobs") + "</p>\n");

        page.subheading("Upload an archive");
        page.raw("<form id=\"upload-form\" data-action=\"" + Page.esc(base + "/upload") + "\" data-csrf=\""
                + Page.esc(session.csrfToken()) + "\">\n"
                + "<label for=\"f-file\">File</label>\n<input id=\"f-file\" name=\"file\" type=\"file\" required>\n"
                + Page.field("description", "Description", "text", "", false)
                + "<button type=\"submit\" id=\"upload-button\">Upload</button>\n"
                + "<progress id=\"upload-progress\" max=\"100\" value=\"0\" aria-label=\"Upload progress\"></progress>\n"
                + "<output id=\"upload-status\" role=\"status\"></output>\n</form>\n");

        page.subheading("Latest inventory");
        try {
            page.raw(inventories.html(request, vault, request.param("filter"), request.param("page")));
        } catch (GlacierException e) {
            if (e.errorCode() != ErrorCode.ACCESS_DENIED) {
                throw e;
            }
            page.raw("<p class=\"hint not-visible\">Not shown: " + Page.esc(e.getMessage()) + "</p>\n");
        }
        page.raw(page.form(base + "/inventory", base + "/archives", "start-inventory", "", "Start an inventory job"));

        page.subheading("Retrieve an archive");
        page.raw(page.form(base + "/retrieve", base + "/archives", "retrieve",
                Page.field("f-retrieve-archiveId", "archiveId", "Archive ID", "text", "", true)
                        + Page.field("range", "Byte range (optional, e.g. 0-1048575; megabyte-aligned)", "text", "", false)
                        + Page.select("tier", "Tier", List.of("Standard", "Expedited", "Bulk"), "Standard"),
                "Start retrieval"));

        page.subheading("Delete an archive");
        page.raw(page.form(base + "/archives/delete", base + "/archives", "delete-archive",
                Page.field("f-delete-archiveId", "archiveId", "Archive ID", "text", "", true), "Delete archive"));
        return new ConsoleReply.Html(refusal == null ? 200 : 403, page.html());
    }

    ConsoleReply upload(ConsoleRequest request, String vault) {
        return uploads.receive(request, vault);
    }

    ConsoleReply startInventory(ConsoleRequest request, String vault) {
        JobService.StartedJob job = services.jobs().initiate(request.context(), "-", vault,
                new JobService.JobParameters("inventory-retrieval", null, "console inventory", null, null, null, "JSON", null));
        request.session().flash("Inventory job started: " + job.jobId());
        return new ConsoleReply.Redirect(VaultPages.base(vault) + "/jobs");
    }

    ConsoleReply startRetrieval(ConsoleRequest request, String vault) {
        String range = request.form().getOrDefault("range", "").trim();
        JobService.StartedJob job;
        try {
            job = services.jobs().initiate(request.context(), "-", vault, new JobService.JobParameters("archive-retrieval",
                    request.form().getOrDefault("archiveId", "").trim(), "console retrieval", null,
                    request.form().getOrDefault("tier", "Standard"), range.isEmpty() ? null : range, null, null));
        } catch (GlacierException e) {
            return refusedOn(request, vault, e, Operation.InitiateJob, request.form().get("archiveId"));
        }
        request.session().flash("Retrieval job started: " + job.jobId());
        return new ConsoleReply.Redirect(VaultPages.base(vault) + "/jobs");
    }

    ConsoleReply delete(ConsoleRequest request, String vault) {
        String archiveId = request.form().getOrDefault("archiveId", "").trim();
        try {
            services.archives().delete(request.context(), "-", vault, archiveId);
        } catch (GlacierException e) {
            return refusedOn(request, vault, e, Operation.DeleteArchive, archiveId);
        }
        request.session().flash("Deleted archive " + archiveId + ".");
        return new ConsoleReply.Redirect(VaultPages.base(vault) + "/archives");
    }

    private ConsoleReply refusedOn(ConsoleRequest request, String vault, GlacierException e, Operation operation,
                                   String archiveId) {
        String html = e.errorCode() == ErrorCode.ACCESS_DENIED
                ? Refusals.html(services, request, vault, archiveId, e, operation)
                : "<div class=\"error\" role=\"alert\" id=\"refusal\"><p><strong>" + Page.esc(e.errorCode().code())
                + "</strong>: " + Page.esc(e.getMessage()) + "</p></div>\n";
        ConsoleReply page = archives(request, vault, html);
        return page instanceof ConsoleReply.Html h ? new ConsoleReply.Html(e.errorCode().httpStatus(), h.html()) : page;
    }

    ConsoleReply jobs(ConsoleRequest request, String vault) {
        ConsoleSession session = request.session();
        String base = VaultPages.base(vault);
        Page page = new Page("Jobs of " + vault, session).heading("Jobs: " + vault);
        VaultPages.flashOrError(page, session, null);
        page.raw("<p>" + Page.link(base, "Back to the vault") + " " + Page.link(base + "/archives", "Archives")
                + " " + Page.link(base + "/jobs", "Refresh") + "</p>\n");
        StringBuilder table = new StringBuilder("<table id=\"jobs\"><thead><tr><th scope=\"col\">Job</th>"
                + "<th scope=\"col\">Action</th><th scope=\"col\">Status</th><th scope=\"col\">Tier</th>"
                + "<th scope=\"col\">Created</th><th scope=\"col\">Completed</th><th scope=\"col\">Output</th></tr></thead><tbody>\n");
        String marker = null;
        int rows = 0;
        do {
            JobService.JobList list = services.jobs().list(request.context(), "-", vault, marker, JobService.LIST_MAX, null, null);
            for (Map<String, Object> job : list.jobs()) {
                rows++;
                String id = String.valueOf(job.get("JobId"));
                String status = String.valueOf(job.get("StatusCode"));
                table.append("<tr><td><code>").append(Page.esc(id.substring(0, Math.min(16, id.length()))))
                        .append("…</code></td><td>").append(Page.esc(String.valueOf(job.get("Action"))))
                        .append("</td><td class=\"status\">").append(Page.esc(status))
                        .append("</td><td>").append(Page.esc(job.get("Tier") == null ? "" : job.get("Tier").toString()))
                        .append("</td><td>").append(Page.esc(String.valueOf(job.get("CreationDate"))))
                        .append("</td><td>").append(Page.esc(job.get("CompletionDate") == null ? "" : job.get("CompletionDate").toString()))
                        .append("</td><td>").append(status.equals("Succeeded")
                                ? "<a class=\"download\" href=\"" + Page.esc(base + "/jobs/" + id + "/output") + "\">Download</a>" : "")
                        .append("</td></tr>\n");
            }
            marker = list.marker();
        } while (marker != null);
        if (rows == 0) {
            page.paragraph("No jobs.");
        } else {
            page.raw(table.append("</tbody></table>\n").toString());
        }
        return ConsoleReply.page(page);
    }

    ConsoleReply download(ConsoleRequest request, String vault, String jobId) {
        JobOutput output = services.jobs().output(request.context(), "-", vault, jobId, null);
        boolean json = output.contentType() != null && output.contentType().contains("json");
        String name = json ? vault + "-inventory.json" : vault + "-" + jobId.substring(0, Math.min(12, jobId.length())) + ".bin";
        return new ConsoleReply.Download(output.contentType(), output.contentLength(), name, output::writeTo);
    }
}
