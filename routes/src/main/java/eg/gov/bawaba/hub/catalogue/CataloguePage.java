package eg.gov.bawaba.hub.catalogue;

import java.util.List;

/** One page of catalogue entries, as canonical JSON documents, with the total number of matches. */
public record CataloguePage(int page, int size, long total, List<String> documents) {}
