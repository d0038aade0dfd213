package com.hdcsearch.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hdcsearch.data.readers.Cub200Reader;
import com.hdcsearch.image.ImageDecoder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetRegistryTest {
  @TempDir Path dir;

  @Test
  void knowsTheSixDataSets() {
    DatasetRegistry registry = DatasetRegistry.standard(new DataRoots(dir));
    assertEquals(List.of("fashion-mnist", "emoji", "cub200", "cars196", "sop", "inshop"), List.copyOf(registry.names()));
    assertEquals("sop", registry.reader("sop").name());
  }

  @Test
  void unknownNameListsTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DatasetRegistry.standard(new DataRoots(dir)).reader("mnist"));
    assertTrue(e.getMessage().contains("'mnist'") && e.getMessage().contains("fashion-mnist, emoji, cub200"), e.getMessage());
  }

  @Test
  void duplicateNamesAreRefused() {
    DataRoots roots = new DataRoots(dir);
    assertThrows(IllegalArgumentException.class, () -> new DatasetRegistry(
        List.of(new Cub200Reader(roots, new ImageDecoder()), new Cub200Reader(roots, new ImageDecoder()))));
  }

  @Test
  void defaultRootIsUnderTheBaseAndNamedInTheMissingMessage() {
    MissingDatasetException e = assertThrows(MissingDatasetException.class,
        () -> DatasetRegistry.standard(new DataRoots(dir)).read("cub200", DatasetOptions.defaults()));
    assertTrue(e.getMessage().contains(dir.resolve("cub200").toString()), e.getMessage());
    assertTrue(e.getMessage().contains(dir.resolve("cub200").resolve("CUB_200_2011").toString()), e.getMessage());
  }

  @Test
  void dataRootPrecedence() {
    assertEquals(Path.of("/p"), DataRoots.from("/p", "/e").base());
    assertEquals(Path.of("/e"), DataRoots.from(null, "/e").base());
    assertEquals(Path.of("/e"), DataRoots.from("${hdc.data.root}", "/e").base());
    assertEquals(DataRoots.DEFAULT_BASE, DataRoots.from(" ", null).base());
    assertEquals(Path.of("/e/emoji"), DataRoots.from(null, "/e").root("emoji"));
  }
}
