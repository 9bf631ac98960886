package org.piwheels.tools.importer;

import org.piwheels.cli.TextFormats;
import org.slf4j.Logger;

/** Progress as log lines, one per file, for logs and pipes where a redrawn bar would be noise. */
final class PlainProgress implements ImportProgress {
    private final Logger log;
    private final ProgressCounter count = new ProgressCounter();
    private long fileSize;

    PlainProgress(Logger log) {
        this.log = log;
    }

    @Override
    public void start(int files, long bytes) {
        count.start(files, bytes);
    }

    @Override
    public void fileStarted(String filename, long size, boolean retry) {
        fileSize = size;
        count.fileStarted(size, retry);
        if (retry) {
            log.warn("Master could not verify {}; sending it again", filename);
        }
    }

    @Override
    public void sent(long bytes) {
        count.sent(bytes);
    }

    @Override
    public void fileSent(String filename) {
        count.fileSent();
        log.warn("Sent {} ({}) [{}/{}], {}/s", filename, TextFormats.size(fileSize), count.filesDone,
                count.files, TextFormats.size(count.rate()));
    }

    @Override
    public void finish() {
        if (count.bytesResent() > 0) {
            log.warn("Sent {} in {} ({} of it sent again at the master's request)", TextFormats.size(count.bytesDone()),
                    TextFormats.timedelta(count.elapsed()), TextFormats.size(count.bytesResent()));
        } else {
            log.warn("Sent {} in {}", TextFormats.size(count.bytesDone()), TextFormats.timedelta(count.elapsed()));
        }
    }
}
