package fr.essor.registry.index;

import java.io.IOException;
import java.util.Objects;
import org.apache.lucene.geo.GeoEncodingUtils;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.search.ConstantScoreScorer;
import org.apache.lucene.search.ConstantScoreWeight;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TwoPhaseIterator;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.SloppyMath;

/**
 * Enterprises whose own intervention radius covers a point: the distance from their site to the point is at most
 * their {@link EnterpriseSchema#RADIUS_KM}. A per-document radius has no index structure, so this only verifies
 * (two-phase, from doc values); put it in a conjunction with a cheap lead, the range of
 * {@link EnterpriseSchema#RADIUS_POINT} above the retrieval distance, so that it checks a few documents only.
 */
final class OwnRadiusQuery extends Query {
    private final double lat;
    private final double lon;

    OwnRadiusQuery(double lat, double lon) {
        this.lat = lat;
        this.lon = lon;
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
        return new ConstantScoreWeight(this, boost) {
            @Override
            public Scorer scorer(LeafReaderContext context) throws IOException {
                SortedNumericDocValues location = DocValues.getSortedNumeric(context.reader(), EnterpriseSchema.LOCATION);
                NumericDocValues radius = DocValues.getNumeric(context.reader(), EnterpriseSchema.RADIUS_KM);
                DocIdSetIterator all = DocIdSetIterator.all(context.reader().maxDoc());
                TwoPhaseIterator covers = new TwoPhaseIterator(all) {
                    @Override
                    public boolean matches() throws IOException {
                        int doc = all.docID();
                        if (!location.advanceExact(doc) || !radius.advanceExact(doc)) {
                            return false;
                        }
                        long encoded = location.nextValue();
                        double siteLat = GeoEncodingUtils.decodeLatitude((int) (encoded >>> 32));
                        double siteLon = GeoEncodingUtils.decodeLongitude((int) encoded);
                        return SloppyMath.haversinMeters(lat, lon, siteLat, siteLon) <= radius.longValue() * 1000.0;
                    }

                    @Override
                    public float matchCost() {
                        return 30;
                    }
                };
                return new ConstantScoreScorer(this, score(), scoreMode, covers);
            }

            @Override
            public boolean isCacheable(LeafReaderContext context) {
                return DocValues.isCacheable(context, EnterpriseSchema.LOCATION, EnterpriseSchema.RADIUS_KM);
            }
        };
    }

    @Override
    public void visit(QueryVisitor visitor) {
        visitor.visitLeaf(this);
    }

    @Override
    public String toString(String field) {
        return "own_radius_covers(" + lat + "," + lon + ")";
    }

    @Override
    public boolean equals(Object other) {
        return sameClassAs(other) && lat == ((OwnRadiusQuery) other).lat && lon == ((OwnRadiusQuery) other).lon;
    }

    @Override
    public int hashCode() {
        return Objects.hash(classHash(), lat, lon);
    }
}
