package org.piwheels.master.web;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.piwheels.master.MasterConfig;
import org.piwheels.master.clients.DbClient;
import org.piwheels.master.clients.RpcException;
import org.piwheels.master.task.Task;
import org.piwheels.master.task.TaskContext;
import org.piwheels.master.task.TaskKind;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.WebProtocol;
import org.piwheels.protocol.messages.WebProtocol.PageReply;
import org.piwheels.protocol.messages.WebProtocol.PageRequest;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.web.CoreMetadataFiles;
import org.piwheels.web.PageRequestDispatcher;
import org.piwheels.web.ProjectInput;
import org.piwheels.web.ProjectSource;
import org.piwheels.web.SiteConfig;
import org.piwheels.web.SiteWriter;
import org.zeromq.SocketType;

/**
 * Writes the web site ({@code master.the_scribe}, components spec §5.4): serves page
 * requests from the page-request debouncer, looks up what it needs in the database
 * and hands it to the web module's {@link PageRequestDispatcher}. Every request is
 * answered {@code DONE}; a request that fails is logged and still answered, so one
 * bad page cannot stop the site (0.23 died here).
 */
public final class SiteWriterTask extends Task {
    /** The 0.23 task name. */
    public static final String NAME = "master.the_scribe";

    private final MessageSocket<PageReply, PageRequest> requests;
    private final DbClient db;
    private final SiteWriter writer;
    private final PageRequestDispatcher dispatcher;
    private final CoreMetadataFiles coreMetadata;

    public SiteWriterTask(TaskContext context) {
        super(NAME, TaskKind.PAUSEABLE, context);
        requests = context.transport().socket(SocketType.REP, WebProtocol.WRITER);
        requests.hwm(100).bind(MasterConfig.SCRIBE);
        onReadable(requests, this::handle);
        db = new DbClient(context.transport(), context.config().dbQueue());
        writer = new SiteWriter(new SiteConfig(context.config().outputPath(), context.config().baseUrl(), false),
                context.clock());
        coreMetadata = new CoreMetadataFiles(context.config().outputPath());
        // no blog feed: a private farm has none, and tests and offline farms cannot reach one
        dispatcher = new PageRequestDispatcher(writer, new DatabaseProjects(), List::of);
    }

    @Override
    protected void once() {
        writer.start(db.allPackages());
    }

    private void handle() throws ProtocolException {
        PageRequest request;
        try {
            request = requests.recv();
        } catch (ProtocolException e) {
            requests.send(new WebProtocol.Done()); // keep the REP socket in step
            throw e;
        }
        dispatcher.handle(request); // logs its own failures and never throws
        requests.send(new WebProtocol.Done());
    }

    /** The database's view of a package, as the web module wants it. */
    private final class DatabaseProjects implements ProjectSource {
        @Override
        public Optional<ProjectInput> project(String pkg) {
            if (!db.packageExists(pkg)) {
                return Optional.empty();
            }
            Map<String, String> learned = new HashMap<>();
            ProjectInput input = ProjectInputs.of(pkg, db.projectData(pkg), db.packageNames(pkg), coreMetadata,
                    learned);
            if (!learned.isEmpty()) {
                // wheels published before schema 0.23-j5: hashed from the web root this once
                try {
                    db.setCoreMetadata(learned);
                } catch (RpcException e) {
                    log.warn("cannot store the core-metadata hashes of {}: {}", pkg, e.getMessage());
                }
            }
            return Optional.of(input);
        }

        @Override
        public Collection<String> versionFiles(String pkg, String version) {
            return db.versionFiles(pkg, version);
        }
    }

    @Override
    protected void closing() {
        db.close();
    }

    /** How long a page write may take before the debouncer gives up waiting. */
    static final Duration WRITE_TIMEOUT = Duration.ofMinutes(5);
}
