package io.permafrost.http.console;

import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;
import io.permafrost.vault.Listing;
import io.permafrost.vault.VaultDescription;
import io.permafrost.vault.VaultLockService.LockDescription;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The vaults list (with create) and one vault's page (lock, policies in plain words, tags, notifications, delete). */
final class VaultPages {
    private final ConsoleServices services;
    private final Clock clock;

    VaultPages(ConsoleServices services, Clock clock) {
        this.services = services;
        this.clock = clock;
    }

    ConsoleReply list(ConsoleRequest request) {
        return list(request, null, 200);
    }

    private ConsoleReply list(ConsoleRequest request, String error, int status) {
        ConsoleSession session = request.session();
        Page page = new Page("Vaults", session).heading("Vaults");
        flashOrError(page, session, error);
        List<VaultDescription> all = new ArrayList<>();
        String marker = null;
        do {
            Listing<VaultDescription> batch = services.vaults().list(request.context(), "-", marker, 1000);
            all.addAll(batch.items());
            marker = batch.marker();
        } while (marker != null);
        StringBuilder table = new StringBuilder("<table id=\"vaults\">\n<thead><tr><th scope=\"col\">Vault</th>"
                + "<th scope=\"col\">Archives</th><th scope=\"col\">Size</th><th scope=\"col\">Lock</th>"
                + "<th scope=\"col\">Created</th></tr></thead>\n<tbody>\n");
        for (VaultDescription vault : all) {
            table.append("<tr><td>").append(Page.link("/console/vaults/" + vault.name(), vault.name()))
                    .append("</td><td>").append(vault.numberOfArchives()).append("</td><td>")
                    .append(Page.esc(Sizes.human(vault.sizeInBytes()))).append("</td><td>")
                    .append(visibleLockBadge(request, vault.name())).append("</td><td>")
                    .append(Page.esc(String.valueOf(vault.creationDate()))).append("</td></tr>\n");
        }
        table.append("</tbody></table>\n");
        if (all.isEmpty()) {
            page.paragraph("No vaults yet.");
        } else {
            page.raw(table.toString());
        }
        page.subheading("Create a vault");
        page.raw(page.form("/console/vaults", "/console/vaults", "create-vault",
                Page.field("name", "Vault name", "text", "", true), "Create vault"));
        return new ConsoleReply.Html(status, page.html());
    }

    ConsoleReply create(ConsoleRequest request) {
        String name = request.form().getOrDefault("name", "");
        try {
            services.vaults().create(request.context(), "-", name);
        } catch (GlacierException e) {
            return list(request, e.getMessage(), e.errorCode().httpStatus());
        }
        request.session().flash("Created vault " + name + ".");
        return new ConsoleReply.Redirect("/console/vaults/" + name);
    }

    ConsoleReply delete(ConsoleRequest request, String vault) {
        try {
            services.vaults().delete(request.context(), "-", vault);
        } catch (GlacierException e) {
            return vault(request, vault, e.getMessage(), e.errorCode().httpStatus());
        }
        request.session().flash("Deleted vault " + vault + ".");
        return new ConsoleReply.Redirect("/console/vaults");
    }

    ConsoleReply vault(ConsoleRequest request, String vault) {
        return vault(request, vault, null, 200);
    }

    private ConsoleReply vault(ConsoleRequest request, String name, String error, int status) {
        ConsoleSession session = request.session();
        VaultDescription vault = services.vaults().describe(request.context(), "-", name);
        Page page = new Page(name, session).heading("Vault " + name);
        flashOrError(page, session, error);
        page.raw("<nav aria-label=\"Vault\" class=\"tabs\">" + Page.link(base(name) + "/archives", "Archives") + " "
                + Page.link(base(name) + "/jobs", "Jobs") + " " + Page.link(base(name) + "/lock", "Lock wizard") + " "
                + Page.link(base(name) + "/simulate", "Policy simulator") + "</nav>\n");
        page.raw("<dl class=\"facts\"><dt>Archives</dt><dd id=\"archive-count\">" + vault.numberOfArchives()
                + "</dd><dt>Size</dt><dd>" + Page.esc(Sizes.human(vault.sizeInBytes())) + "</dd><dt>Created</dt><dd>"
                + Page.esc(String.valueOf(vault.creationDate())) + "</dd><dt>Last inventory</dt><dd>"
                + Page.esc(vault.lastInventoryDate() == null ? "never" : vault.lastInventoryDate().toString())
                + "</dd></dl>\n");

        page.subheading("Vault Lock");
        section(page, () -> {
            Optional<LockDescription> lock = lock(request, name);
            page.raw("<p>State: " + lockBadge(lock) + "</p>\n");
            lock.ifPresent(l -> {
                page.raw("<ol class=\"timeline\"><li>Initiated " + Page.esc(String.valueOf(l.creationDate())) + "</li>"
                        + (l.locked() ? "<li>Completed: Locked, for ever</li>"
                        : "<li>Expires " + Page.esc(String.valueOf(l.expirationDate())) + " unless completed</li>")
                        + "</ol>\n");
                policy(page, "Lock policy", l.policy(), "lock-policy");
            });
        });
        page.subheading("Access policy");
        section(page, () -> readable(() -> services.accessPolicies().get(request.context(), "-", name))
                .ifPresentOrElse(p -> policy(page, null, p, "access-policy"), () -> page.paragraph(
                        "No access policy: only the owner account's own identities, by their policies.")));
        page.subheading("Tags");
        section(page, () -> {
            Map<String, String> tags = services.tags().list(request.context(), "-", name);
            if (tags.isEmpty()) {
                page.paragraph("No tags.");
            } else {
                StringBuilder list = new StringBuilder("<dl class=\"facts\" id=\"tags\">");
                tags.forEach((k, v) -> list.append("<dt>").append(Page.esc(k)).append("</dt><dd>").append(Page.esc(v))
                        .append("</dd>"));
                page.raw(list.append("</dl>\n").toString());
            }
        });
        page.subheading("Notifications");
        section(page, () -> readable(() -> services.notifications().get(request.context(), "-", name))
                .ifPresentOrElse(n -> page.paragraph("Topic " + n.snsTopic() + " is told of: "
                        + String.join(", ", n.events()) + "."), () -> page.paragraph("No notifications configured.")));

        page.subheading("Delete this vault");
        page.paragraph("Only an empty vault can be deleted (an inventory must show no archives).");
        page.raw(page.form(base(name) + "/delete", base(name), "delete-vault", "", "Delete vault"));
        return new ConsoleReply.Html(status, page.html());
    }

    static void policy(Page page, String title, String document, String id) {
        if (title != null) {
            page.raw("<h3>" + Page.esc(title) + "</h3>\n");
        }
        StringBuilder words = new StringBuilder("<ul class=\"plain-words\" id=\"" + id + "-words\">");
        PolicyExplainer.explain(document).forEach(s -> words.append("<li>").append(Page.esc(s)).append("</li>"));
        page.raw(words.append("</ul>\n").toString());
        page.raw("<details><summary>Policy document</summary><pre id=\"" + id + "\">"
                + Page.esc(PolicyExplainer.pretty(document)) + "</pre></details>\n");
    }

    /** The live lock, empty when there is none; a caller not allowed to see it sees that said in the badge. */
    Optional<LockDescription> lock(ConsoleRequest request, String vault) {
        try {
            return Optional.of(services.locks().get(request.context(), "-", vault));
        } catch (GlacierException e) {
            if (e.errorCode() == ErrorCode.RESOURCE_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The badge, or "not visible" for a caller whose policies do not allow GetVaultLock on that vault. */
    private String visibleLockBadge(ConsoleRequest request, String vault) {
        try {
            return lockBadge(lock(request, vault));
        } catch (GlacierException e) {
            if (e.errorCode() != ErrorCode.ACCESS_DENIED) {
                throw e;
            }
            return "<span class=\"badge none\" title=\"" + Page.esc(e.getMessage()) + "\">not visible to you</span>";
        }
    }

    /**
     * Renders one section of the vault page; a section the caller's policies do not let them read says so
     * with the API's message instead of failing the whole page.
     */
    private static void section(Page page, Runnable render) {
        try {
            render.run();
        } catch (GlacierException e) {
            if (e.errorCode() != ErrorCode.ACCESS_DENIED) {
                throw e;
            }
            page.raw("<p class=\"hint not-visible\">Not shown: " + Page.esc(e.getMessage()) + "</p>\n");
        }
    }

    String lockBadge(Optional<LockDescription> lock) {
        if (lock.isEmpty()) {
            return "<span class=\"badge none\">none</span>";
        }
        LockDescription l = lock.get();
        if (l.locked()) {
            return "<span class=\"badge locked\">Locked</span>";
        }
        return "<span class=\"badge progress\">InProgress</span> <span class=\"countdown\" data-now=\""
                + clock.millis() + "\" data-expires=\"" + l.expirationDate().toEpochMilli() + "\">expires "
                + Page.esc(l.expirationDate().toString()) + "</span>";
    }

    /** The resource when it exists; empty on the API's 404 for "none set". */
    static <T> Optional<T> readable(java.util.function.Supplier<T> read) {
        try {
            return Optional.ofNullable(read.get());
        } catch (GlacierException e) {
            if (e.errorCode() == ErrorCode.RESOURCE_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    static void flashOrError(Page page, ConsoleSession session, String error) {
        String flash = session.takeFlash();
        if (flash != null) {
            page.notice(flash);
        }
        if (error != null) {
            page.error(error);
        }
    }

    static String base(String vault) {
        return "/console/vaults/" + vault;
    }
}
