package eg.gov.bawaba.hub.cluster;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints why a hub of profile cluster refused to start, and what to do, instead of a bare stack trace. */
public class ClusterMisconfiguredFailureAnalyzer extends AbstractFailureAnalyzer<ClusterMisconfiguredException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ClusterMisconfiguredException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
