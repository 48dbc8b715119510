package dev.fluxconfig.model.flux.kustomize;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The objects a Kustomization applied. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ResourceInventory {

    @JsonPropertyDescription("One entry per applied object.")
    private List<ResourceRef> entries = new ArrayList<>();

    public List<ResourceRef> getEntries() {
        return entries;
    }

    public void setEntries(List<ResourceRef> entries) {
        this.entries = entries;
    }

}
