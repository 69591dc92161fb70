package fr.essor.registry.index;

import fr.essor.registry.Category;
import fr.essor.registry.Enterprise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stored form of an enterprise in the index, so a search answers without PostgreSQL. Minimal and
 * private to the index: it must read back exactly what it wrote (the public API codec lives with the
 * registry routes); absent values are left out.
 */
final class EnterpriseJson {
    private EnterpriseJson() {
    }

    static String encode(Enterprise e) {
        JsonObject json = new JsonObject()
                .put("siret", e.siret())
                .put("name", e.name())
                .put("categories", tokens(e.categories()))
                .put("legalForm", e.legalForm())
                .put("naf", e.naf())
                .put("description", e.description())
                .put("cpv", e.cpv() == null ? null : new JsonArray(new ArrayList<Object>(e.cpv())))
                .put("address", e.address())
                .put("postcode", e.postcode())
                .put("city", e.city())
                .put("latitude", e.latitude())
                .put("longitude", e.longitude())
                .put("radiusKm", e.radiusKm())
                .put("departments", e.departments() == null ? null : new JsonArray(new ArrayList<Object>(e.departments())))
                .put("regions", e.regions() == null ? null : new JsonArray(new ArrayList<Object>(e.regions())))
                .put("employees", e.employees())
                .put("website", e.website())
                .put("esusUntil", e.esusUntil() == null ? null : e.esusUntil().toString())
                .put("commune", e.commune())
                .put("department", e.department())
                .put("region", e.region());
        if (e.contact() != null) {
            json.put("contact", new JsonObject()
                    .put("email", e.contact().email())
                    .put("phone", e.contact().phone())
                    .put("person", e.contact().person()));
        }
        if (e.sources() != null) {
            JsonObject sources = new JsonObject();
            e.sources().forEach((category, source) -> sources.put(category.name(), new JsonObject()
                    .put("source", source.source())
                    .put("date", source.date() == null ? null : source.date().toString())));
            json.put("sources", sources);
        }
        json.getMap().values().removeIf(v -> v == null);
        return json.encode();
    }

    static Enterprise decode(String text) {
        JsonObject json = new JsonObject(text);
        JsonObject contact = json.getJsonObject("contact");
        return new Enterprise(
                json.getString("siret"),
                json.getString("name"),
                categories(json.getJsonArray("categories")),
                json.getString("legalForm"),
                json.getString("naf"),
                json.getString("description"),
                strings(json.getJsonArray("cpv")),
                json.getString("address"),
                json.getString("postcode"),
                json.getString("city"),
                json.getDouble("latitude"),
                json.getDouble("longitude"),
                json.getInteger("radiusKm"),
                strings(json.getJsonArray("departments")),
                strings(json.getJsonArray("regions")),
                json.getInteger("employees"),
                json.getString("website"),
                contact == null ? null : new Enterprise.Contact(
                        contact.getString("email"), contact.getString("phone"), contact.getString("person")),
                date(json.getString("esusUntil")),
                json.getString("commune"),
                json.getString("department"),
                json.getString("region"),
                sources(json.getJsonObject("sources")));
    }

    private static JsonArray tokens(Set<Category> categories) {
        JsonArray array = new JsonArray();
        if (categories != null) {
            categories.stream().sorted().forEach(c -> array.add(c.name()));
        }
        return array;
    }

    private static Set<Category> categories(JsonArray array) {
        Set<Category> set = EnumSet.noneOf(Category.class);
        if (array != null) {
            for (int i = 0; i < array.size(); i++) {
                set.add(Category.valueOf(array.getString(i)));
            }
        }
        return set;
    }

    private static List<String> strings(JsonArray array) {
        if (array == null) {
            return null;
        }
        List<String> list = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            list.add(array.getString(i));
        }
        return Collections.unmodifiableList(list);
    }

    private static Map<Category, Enterprise.FlagSource> sources(JsonObject json) {
        if (json == null) {
            return null;
        }
        Map<Category, Enterprise.FlagSource> map = new EnumMap<>(Category.class);
        for (String key : json.fieldNames()) {
            JsonObject source = json.getJsonObject(key);
            map.put(Category.valueOf(key), new Enterprise.FlagSource(source.getString("source"), date(source.getString("date"))));
        }
        return map;
    }

    private static LocalDate date(String iso) {
        return iso == null ? null : LocalDate.parse(iso);
    }
}
