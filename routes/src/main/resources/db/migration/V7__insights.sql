-- Interest insights: counts of anonymous events per day, country, occupation and subject; no event is kept.

CREATE TABLE insight_count (
    event_day     DATE         NOT NULL,
    kind          VARCHAR(24)  NOT NULL,
    country       VARCHAR(2)   NOT NULL,
    -- '' when the event gave none
    occupation    VARCHAR(40)  NOT NULL,
    -- an entry id (VIEW, APPLICATION_STARTED) or a normalised search text (SEARCH, SEARCH_EMPTY)
    subject       VARCHAR(200) NOT NULL,
    events        BIGINT       NOT NULL,
    PRIMARY KEY (kind, country, event_day, occupation, subject)
);
CREATE INDEX insight_count_day ON insight_count (kind, event_day);
