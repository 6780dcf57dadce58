package io.permafrost.http.console;

import io.permafrost.auth.Credential;
import io.permafrost.glacier.Caller;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console driven in a real browser (Debian's headless Chromium): the whole flow, CSRF and
 * session expiry. Screenshots of each page are taken (see {@link #SHOTS}). Skipped, with the reason printed,
 * where chromium or chromedriver is not installed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String VAULT = "records";
    /**
     * Where screenshots go: the build directory by default, so a test run leaves the work tree clean;
     * {@code -Dpermafrost.console.screenshots=docs/console} refreshes the committed ones.
     */
    private static final Path SHOTS = Path.of(System.getProperty("permafrost.console.screenshots",
            Path.of(System.getProperty("permafrost.test.scratch", "target"), "console-screenshots").toString()));

    private static final String AUDITOR_KEY = "AUDITORKEY";
    private static final String AUDITOR_SECRET = "auditor-secret";

    private static TestServer server;
    private static WebDriver browser;
    private static Path userData;
    private static Path file;
    private static byte[] bytes;
    private static String archiveId;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            System.out.println("ConsoleBrowserIT skipped: " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing (apt-get install -y chromium chromium-driver)");
            Assumptions.abort("chromium or chromedriver not installed");
        }
        // A user whose policies allow looking at vaults and jobs and nothing else.
        Caller auditor = new Caller(TestServer.ACCOUNT, "arn:aws:iam::" + TestServer.ACCOUNT + ":user/auditor", "auditor",
                "AIDAAUDITOR", List.of("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":"
                + "[\"glacier:ListVaults\",\"glacier:DescribeVault\",\"glacier:ListJobs\"],\"Resource\":\"*\"}}"), false);
        server = new TestServer(List.of(Credential.permanent(AUDITOR_KEY, AUDITOR_SECRET, auditor)), c -> c);
        userData = Files.createTempDirectory("permafrost-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1000", "--user-data-dir=" + userData);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SHOTS);
        bytes = new byte[20 * 1024 * 1024];
        new Random(12).nextBytes(bytes);
        file = Files.createTempFile("permafrost-console-upload", ".bin");
        Files.write(file, bytes);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }

    @Test
    @Order(1)
    void signInThenCreateAVault() throws Exception {
        browser.get(url("/console/vaults"));
        assertThat(browser.getCurrentUrl()).contains("/console/sign-in").contains("next=%2Fconsole%2Fvaults")
                .doesNotContain("expired");
        shot("01-sign-in");
        signIn(TestServer.ROOT_KEY, "wrong-secret");
        assertThat(text("#error")).isEqualTo(ConsoleSignIn.REFUSED);
        signIn(TestServer.ROOT_KEY, TestServer.ROOT_SECRET);
        assertThat(browser.getCurrentUrl()).endsWith("/console/vaults");
        assertThat(text("#who")).isEqualTo("arn:aws:iam::111122223333:root");

        type("#f-name", "bad name!");
        submit("#create-vault");
        assertThat(text("#error")).isEqualTo("Invalid vault name: bad name!");
        type("#f-name", VAULT);
        submit("#create-vault");
        assertThat(browser.getCurrentUrl()).endsWith("/console/vaults/" + VAULT);
        assertThat(text("#notice")).isEqualTo("Created vault records.");
    }

    @Test
    @Order(2)
    void uploadTwentyMebibytesWithTheProgressBar() throws Exception {
        browser.get(url("/console/vaults/" + VAULT + "/archives"));
        browser.findElement(By.id("f-file")).sendKeys(file.toString());
        type("#f-description", "board minutes 2026");
        // The upload stays on the page (the script sends it), so there is no new page to wait for.
        browser.findElement(By.id("upload-button")).click();
        WebElement status = browser.findElement(By.id("upload-status"));
        until(d -> status.getText().startsWith("Uploaded") || status.getAttribute("data-error") != null);
        assertThat(status.getText()).startsWith("Uploaded: archive ");
        assertThat(browser.findElement(By.id("upload-progress")).getAttribute("value")).isEqualTo("100");
        shot("02-upload");
        archiveId = status.getAttribute("data-archive-id");
        assertThat(status.getText()).contains("(tree hash " + io.permafrost.glacier.TreeHash.of(bytes) + ")");
        assertThat(server.client().describeVault(b -> b.accountId("-").vaultName(VAULT)).vaultARN()).endsWith(VAULT);
    }

    @Test
    @Order(3)
    void lockWizardToLockedWithTheDeleteRefusedAndItsStatementShown() throws Exception {
        browser.get(url("/console/vaults/" + VAULT + "/lock"));
        type("#f-days", "365");
        type("#f-holdTag", "LegalHold");
        submit("#build-lock");
        assertThat(text("#generated-policy-words")).contains("Nobody may delete an archive younger than 365 days.")
                .contains("Nobody may delete an archive while the vault's tag LegalHold is true.");
        shot("03-lock-wizard-policy");
        assertEveryInputLabelled();
        submit("#initiate-lock");
        assertThat(text(".badge")).isEqualTo("InProgress");
        assertEveryInputLabelled();
        until(d -> text(".countdown").endsWith("left to complete"));

        type("#f-archiveId", archiveId);
        submit("#try-lock");
        assertThat(text("#refusal")).contains("AccessDeniedException").contains("with an explicit deny");
        assertThat(text("#deciding-statement")).contains("statement 1 of the vault lock policy (InProgress)")
                .contains("Nobody may delete an archive younger than 365 days.");
        shot("04-lock-wizard-try-it");

        type("#f-confirm", "not the name");
        submit("#complete-lock");
        assertThat(text("#error")).startsWith("The name typed does not match");
        assertThat(text("#forever")).startsWith("Completing the lock is permanent");
        type("#f-confirm", VAULT);
        submit("#complete-lock");
        assertThat(browser.getCurrentUrl()).as(() -> text("main")).endsWith("/console/vaults/" + VAULT);
        assertThat(text(".badge")).isEqualTo("Locked");
        assertThat(server.client().getVaultLock(b -> b.accountId("-").vaultName(VAULT)).state()).isEqualTo("Locked");
        shot("05-vault-locked");
    }

    @Test
    @Order(4)
    void deleteOnTheArchivesPageIsRefusedWithTheDecidingStatement() throws Exception {
        browser.get(url("/console/vaults/" + VAULT + "/archives"));
        type("#f-delete-archiveId", archiveId);
        submit("#delete-archive");
        assertThat(text("#refusal")).contains("is not authorized to perform: glacier:DeleteArchive");
        assertThat(text("#deciding-statement")).contains("Nobody may delete an archive younger than 365 days.");
        shot("06-delete-refused");

        browser.get(url("/console/vaults/" + VAULT + "/simulate?principal=another+account&otherAccount=444455556666"
                + "&action=DeleteArchive&archiveId=" + archiveId));
        assertThat(text("#verdict")).startsWith("Deny (EXPLICIT_DENY) for arn:aws:iam::444455556666:root");
        browser.get(url("/console/vaults/" + VAULT + "/simulate?principal=arn%3Aaws%3Aiam%3A%3A111122223333%3Aroot"
                + "&action=DescribeVault&archiveId="));
        assertThat(text("#verdict")).startsWith("Allow (ALLOW)");
        browser.get(url("/console/vaults/" + VAULT + "/simulate?principal=arn%3Aaws%3Aiam%3A%3A111122223333%3Aroot"
                + "&action=DeleteArchive&archiveId=" + archiveId));
        assertThat(text("#verdict")).startsWith("Deny (EXPLICIT_DENY)").contains("vault lock policy (Locked)");
        shot("07-simulator");
    }

    @Test
    @Order(5)
    void inventoryThenRetrievalThenDownloadTheSameBytes() throws Exception {
        browser.get(url("/console/vaults/" + VAULT + "/archives"));
        assertThat(text("#no-inventory")).startsWith("No inventory yet");
        submit("#start-inventory");
        assertThat(text("#notice")).startsWith("Inventory job started");
        awaitJobsSucceeded(1);
        browser.get(url("/console/vaults/" + VAULT + "/archives?filter=minutes"));
        assertThat(text("#inventory")).contains(archiveId).contains("board minutes 2026").contains("20.0 MiB");
        shot("08-archives-inventory");
        browser.get(url("/console/vaults/" + VAULT + "/archives?filter=nothing-like-it"));
        assertThat(text("#inventory")).doesNotContain(archiveId);

        browser.get(url("/console/vaults/" + VAULT + "/archives"));
        type("#f-retrieve-archiveId", archiveId);
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.cssSelector("#retrieve #f-tier")))
                .selectByVisibleText("Expedited");
        submit("#retrieve");
        assertThat(text("#notice")).startsWith("Retrieval job started");
        awaitJobsSucceeded(2);
        shot("09-jobs");
        String href = browser.findElements(By.cssSelector("#jobs tr")).stream()
                .filter(r -> r.getText().contains("ArchiveRetrieval")).findFirst().orElseThrow()
                .findElement(By.cssSelector("a.download")).getAttribute("href");
        HttpResponse<byte[]> download = http(HttpRequest.newBuilder(URI.create(href)).GET());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment");
        assertThat(download.body()).isEqualTo(bytes);

        browser.get(url("/console/vaults"));
        assertThat(text("#vaults")).contains(VAULT).contains("Locked");
        shot("10-vaults");
    }

    @Test
    @Order(6)
    void withoutTheBrowsersTreeHashALargerFileGoesMultipartAndIsStillWhole() throws Exception {
        browser.get(url("/console/vaults"));
        type("#f-name", "multipart");
        submit("#create-vault");
        browser.get(url("/console/vaults/multipart/archives"));
        String csrf = browser.findElement(By.id("upload-form")).getAttribute("data-csrf");
        byte[] nine = java.util.Arrays.copyOf(bytes, 9 * 1024 * 1024 + 5);
        HttpResponse<byte[]> stored = http(HttpRequest.newBuilder(URI.create(url("/console/vaults/multipart/upload")))
                .header(ConsoleApp.CSRF_HEADER, csrf).header(ConsoleUpload.DESCRIPTION_HEADER, "two%20parts")
                .POST(HttpRequest.BodyPublishers.ofByteArray(nine)));
        assertThat(stored.statusCode()).isEqualTo(201);
        assertThat(new String(stored.body(), StandardCharsets.UTF_8))
                .contains("\"treeHash\":\"" + io.permafrost.glacier.TreeHash.of(nine) + "\"");
        HttpResponse<byte[]> wrongHash = http(HttpRequest.newBuilder(URI.create(url("/console/vaults/multipart/upload")))
                .header(ConsoleApp.CSRF_HEADER, csrf).header(ConsoleUpload.TREE_HASH_HEADER, "00".repeat(32))
                .POST(HttpRequest.BodyPublishers.ofByteArray(nine)));
        assertThat(wrongHash.statusCode()).isEqualTo(400);
        assertThat(new String(wrongHash.body(), StandardCharsets.UTF_8)).contains("InvalidParameterValueException");
        assertThat(server.client().listMultipartUploads(b -> b.accountId("-").vaultName("multipart")).uploadsList())
                .as("a refused upload leaves no multipart upload behind").isEmpty();
    }

    @Test
    @Order(7)
    void theSessionCookieAuthenticatesNothingOutsideTheConsole() throws Exception {
        HttpResponse<byte[]> api = http(HttpRequest.newBuilder(URI.create(url("/-/vaults")))
                .header("x-amz-glacier-version", "2012-06-01").GET());
        assertThat(api.statusCode()).isEqualTo(400);
        assertThat(new String(api.body(), StandardCharsets.UTF_8)).contains("MissingAuthenticationTokenException");
    }

    @Test
    @Order(8)
    void aFormPostedWithoutItsCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        browser.get(url("/console/vaults"));
        String csrf = browser.findElement(By.cssSelector("#create-vault input[name=csrf]")).getAttribute("value");
        HttpResponse<byte[]> forged = http(form("/console/vaults", "name=forged&back=%2Fconsole%2Fvaults"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(new String(forged.body(), StandardCharsets.UTF_8)).contains(Page.esc(ConsoleApp.STALE_FORM));
        HttpResponse<byte[]> wrong = http(form("/console/vaults", "name=forged&csrf=" + csrf.substring(1) + "x"));
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(server.client().listVaults(b -> b.accountId("-")).vaultList()).extracting(v -> v.vaultName())
                .containsExactly("multipart", VAULT);
        HttpResponse<byte[]> genuine = http(form("/console/vaults", "name=with-token&csrf=" + csrf));
        assertThat(genuine.statusCode()).as("the same request with the token goes through").isEqualTo(303);
        assertThat(server.client().listVaults(b -> b.accountId("-")).vaultList()).extracting(v -> v.vaultName())
                .contains("with-token");
    }

    @Test
    @Order(9)
    void anExpiredSessionGoesToSignInAndThenBackToThePageItWanted() throws Exception {
        browser.get(url("/console/vaults/" + VAULT + "/jobs"));
        server.clock().advance(Duration.ofMinutes(16));
        browser.get(url("/console/vaults/" + VAULT + "/archives?filter=minutes"));
        assertThat(browser.getCurrentUrl()).contains("/console/sign-in?expired=1");
        assertThat(text("#notice")).startsWith("Your session has ended");
        shot("11-session-expired");
        signIn(TestServer.ROOT_KEY, TestServer.ROOT_SECRET);
        assertThat(browser.getCurrentUrl()).endsWith("/console/vaults/" + VAULT + "/archives?filter=minutes");

        submit("header form");
        assertThat(browser.getCurrentUrl()).contains("/console/sign-in?signed-out=1");
        browser.get(url("/console/vaults"));
        assertThat(browser.getCurrentUrl()).contains("/console/sign-in");
    }

    @Test
    @Order(10)
    void aUserSeesAndDoesOnlyWhatTheirPoliciesAllow() throws Exception {
        browser.get(url("/console/vaults"));
        assertEveryInputLabelled();
        signIn(AUDITOR_KEY, AUDITOR_SECRET);
        assertThat(text("#who")).isEqualTo("arn:aws:iam::111122223333:user/auditor");
        assertThat(text("#vaults")).contains(VAULT).contains("not visible to you").doesNotContain("Locked");

        browser.get(url("/console/vaults/" + VAULT));
        assertThat(text("#archive-count")).isEqualTo("1");
        assertThat(text(".not-visible")).contains("is not authorized to perform: glacier:GetVaultLock");
        submit("#delete-vault");
        assertThat(text("#error")).isEqualTo("User: arn:aws:iam::111122223333:user/auditor is not authorized to perform: "
                + "glacier:DeleteVault on resource: arn:aws:glacier:us-east-1:111122223333:vaults/records");

        browser.get(url("/console/vaults/" + VAULT + "/archives"));
        assertEveryInputLabelled();
        type("#f-delete-archiveId", archiveId);
        submit("#delete-archive");
        assertThat(text("#refusal")).contains("is not authorized to perform: glacier:DeleteArchive")
                .contains("The deciding statement cannot be shown")
                .contains("not authorized to perform: glacier:GetVaultAccessPolicy");
        submit("header form");
    }

    /** Every visible form control has a label pointing at it (screen readers, and clicking the label focuses it). */
    private static void assertEveryInputLabelled() {
        for (WebElement input : browser.findElements(By.cssSelector("input:not([type=hidden]), select"))) {
            String id = input.getAttribute("id");
            assertThat(id).as("a form control without an id").isNotBlank();
            assertThat(browser.findElements(By.cssSelector("label[for='" + id + "']"))).as("label for " + id).hasSize(1);
        }
    }

    private static void awaitJobsSucceeded(int count) {
        browser.get(url("/console/vaults/" + VAULT + "/jobs"));
        until(d -> {
            d.navigate().refresh();
            return d.findElements(By.cssSelector("#jobs td.status")).stream()
                    .filter(c -> c.getText().equals("Succeeded")).count() >= count;
        });
    }

    private static void signIn(String key, String secret) {
        type("#f-accessKeyId", key);
        type("#f-secret", secret);
        submit("#sign-in");
    }

    private static HttpRequest.Builder form(String path, String body) {
        return HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** A request outside the browser carrying the browser's session cookie (downloads, forged posts). */
    private static HttpResponse<byte[]> http(HttpRequest.Builder request) throws Exception {
        String session = browser.manage().getCookieNamed(ConsoleApp.SESSION_COOKIE).getValue();
        return HttpClient.newHttpClient().send(request.header("Cookie", ConsoleApp.SESSION_COOKIE + "=" + session).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void until(java.util.function.Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(condition::apply);
    }

    private static void type(String css, String value) {
        WebElement input = browser.findElement(By.cssSelector(css));
        input.clear();
        input.sendKeys(value);
    }

    /** Submits a form and waits until the browser has replaced the page with the answer. */
    private static void submit(String formCss) {
        WebElement before = browser.findElement(By.tagName("html"));
        browser.findElement(By.cssSelector(formCss + " button[type=submit]")).click();
        until(d -> isGone(before));
        until(d -> "complete".equals(((org.openqa.selenium.JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    /**
     * Whether the element's document was replaced. Chromium answers a look at a node of a page it is
     * navigating away from either as a stale element or as an inspector error ("Node with given id does
     * not belong to the document"): both mean the old page is gone.
     */
    private static boolean isGone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (org.openqa.selenium.WebDriverException e) {
            return true;
        }
    }

    private static String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private static void shot(String name) throws Exception {
        Files.write(SHOTS.resolve(name + ".png"), ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
