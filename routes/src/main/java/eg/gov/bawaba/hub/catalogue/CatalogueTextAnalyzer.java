package eg.gov.bawaba.hub.catalogue;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.analysis.ar.ArabicNormalizationFilter;
import org.apache.lucene.analysis.ar.ArabicStemFilter;
import org.apache.lucene.analysis.core.DecimalDigitFilter;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * Analyses catalogue text in both languages at once: Arabic is normalised (diacritics and tatweel dropped; alef,
 * yaa and taa-marbuta forms folded) and light-stemmed, English is lower-cased and Porter-stemmed.
 */
public final class CatalogueTextAnalyzer extends Analyzer {

    private static final CharArraySet STOP_WORDS = stopWords();

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        StandardTokenizer source = new StandardTokenizer();
        TokenStream result = new LowerCaseFilter(source);
        result = new DecimalDigitFilter(result);
        // Stop words are matched before normalisation, as Lucene's ArabicAnalyzer does, since its list is unnormalised.
        result = new StopFilter(result, STOP_WORDS);
        result = new ArabicNormalizationFilter(result);
        result = new ArabicStemFilter(result);
        result = new EnglishPossessiveFilter(result);
        // Porter rules only touch Latin endings, so Arabic tokens pass through unchanged.
        return new TokenStreamComponents(source, new PorterStemFilter(result));
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
        return new ArabicNormalizationFilter(new DecimalDigitFilter(new LowerCaseFilter(in)));
    }

    private static CharArraySet stopWords() {
        CharArraySet set = new CharArraySet(ArabicAnalyzer.getDefaultStopSet(), false);
        set.addAll(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
        return CharArraySet.unmodifiableSet(set);
    }
}
