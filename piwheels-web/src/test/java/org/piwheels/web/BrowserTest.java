package org.piwheels.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real browser on the generated site: Debian's headless Chromium loads the
 * home page, follows the navigation to the search page, types into the search
 * box, opens the project page it finds, and uses the page's controls. Every
 * assertion is on the DOM after the scripts ran, not on the HTML source. Skipped
 * only where Chromium is not installed ({@code .ci/run} installs it).
 */
class BrowserTest {
    @TempDir
    Path dir;

    @Test
    void homeSearchAndProjectPage() throws Exception {
        assumeTrue(HeadlessChromium.available(), "no " + HeadlessChromium.BINARY);
        SampleSite site = SampleSite.write(dir.resolve("www"));
        try (IndexServer server = new IndexServer(site.root, true);
             HeadlessChromium browser = new HeadlessChromium(dir.resolve("profile"))) {
            browser.navigate(server.url() + "/");
            assertThat(browser.text("document.querySelector('nav a[aria-current]') === null ? 'none' : 'selected'"))
                    .isEqualTo("none");
            assertThat(browser.eval("document.querySelectorAll('main').length").asInt()).isEqualTo(1);

            // the navigation link, clicked with the mouse
            browser.click("nav a[href='/packages.html']");
            browser.waitFor("location.pathname === '/packages.html' && document.readyState === 'complete'");
            // the script enables the box once packages.json is in
            browser.waitFor("!document.getElementById('package-name').disabled");
            assertThat(browser.text("document.getElementById('status').textContent"))
                    .isEqualTo("Loaded package list (" + site.projects.size() + " items).");
            assertThat(browser.text("document.activeElement.id")).isEqualTo("package-name");

            // search is case-insensitive: upper case finds tiny-calc
            browser.type("CALC");
            browser.waitFor("document.querySelectorAll('#packages li').length > 0");
            assertThat(browser.text("[...document.querySelectorAll('#packages li a')].map(a => a.textContent).join(',')"))
                    .isEqualTo("tiny-calc");
            assertThat(browser.text("document.getElementById('status').textContent")).isEqualTo("1 match.");

            // a broader search is ordered by recent downloads
            browser.eval("(() => { const i = document.getElementById('package-name'); i.select(); })()");
            browser.type(".");
            browser.waitFor("document.getElementById('status').textContent === 'Type at least 2 characters.'");
            browser.type("-"); // the regular expression ".-": every name with a dash
            browser.waitFor("document.getElementById('status').textContent === '5 matches.'");
            assertThat(browser.text("[...document.querySelectorAll('#packages li a')].map(a => a.textContent).join(',')"))
                    .isEqualTo("tiny-calc,multi-abi,equal-vers,no-files,skipped-pkg");
            browser.eval("(() => { const i = document.getElementById('package-name'); i.select(); })()");
            browser.type("CALC");
            browser.waitFor("document.getElementById('status').textContent === '1 match.'");

            browser.click("#packages li a");
            browser.waitFor("location.pathname === '/project/tiny-calc/' && document.readyState === 'complete'");
            assertThat(browser.text("document.getElementById('package').textContent")).isEqualTo("Tiny_Calc");
            // download counters come from the stats shard, formatted by the script
            browser.waitFor("document.getElementById('downloads-all').textContent !== 'loading...'");
            assertThat(browser.text("document.getElementById('downloads-all').textContent")).isEqualTo("98,765");
            assertThat(browser.text("document.getElementById('downloads-30').textContent")).isEqualTo("1,234");
            // releases newest first, the yanked one marked
            assertThat(browser.text("[...document.querySelectorAll('#releases-table tr.release-info th')]"
                    + ".map(th => th.textContent).join('|')")).isEqualTo("1.1 yanked|1.0|0.9");
            // file lists start collapsed; the toggle opens them
            assertThat(browser.text("getComputedStyle(document.querySelectorAll('tr.files-info')[1]).display"))
                    .isEqualTo("none");
            browser.click("#releases-table tr.release-info:nth-of-type(3) button.toggle");
            browser.waitFor("getComputedStyle(document.querySelectorAll('tr.files-info')[1]).display !== 'none'");
            assertThat(browser.text("document.querySelectorAll('tr.files-info')[1].querySelector('a').textContent"))
                    .isEqualTo("tiny_calc-1.0-py3-none-any.whl");
            // "How to install this version" fills in the install command
            browser.click("tr.files-info:nth-of-type(4) li button");
            browser.waitFor("document.getElementById('install-command').textContent.includes('==1.0')");
            assertThat(browser.text("document.getElementById('install-command').textContent"))
                    .isEqualTo("pip3 install Tiny_Calc==1.0");

            // an alias URL shows the canonical page
            browser.navigate(server.url() + "/project/tiny.calc/");
            assertThat(browser.text("document.getElementById('package').dataset.package")).isEqualTo("tiny-calc");

            // a hostile description stays text: nothing it contains ran or became an element
            browser.navigate(server.url() + "/project/hostile/");
            assertThat(browser.text("document.getElementById('description').textContent")).isEqualTo(SampleSite.HOSTILE);
            assertThat(browser.eval("document.getElementById('description').children.length").asInt()).isZero();
            assertThat(browser.text("String(window.pwned)")).isEqualTo("undefined");

            // unicode arrives intact
            browser.navigate(server.url() + "/project/multi-abi/");
            assertThat(browser.text("document.getElementById('description').textContent")).isEqualTo(SampleSite.UNICODE);
        }
    }
}
