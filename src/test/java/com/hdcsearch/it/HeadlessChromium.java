package com.hdcsearch.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium driven by Debian's chromedriver (no download: Selenium Manager is never asked), on a new
 * empty profile that is deleted at close, with the browser console kept for the test to read.
 */
final class HeadlessChromium implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
      "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--disable-dev-shm-usage", "--hide-scrollbars");

  private final Path profile;
  private final ChromeDriverService service;
  private final ChromeDriver driver;

  private HeadlessChromium(Path profile, ChromeDriverService service, ChromeDriver driver) {
    this.profile = profile;
    this.service = service;
    this.driver = driver;
  }

  /** A browser with a window of {@code width}×{@code height} CSS pixels. */
  static HeadlessChromium start(int width, int height) throws IOException {
    for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(p)) {
        throw new AssertionError(p + " is missing: apt-get install -y chromium chromium-driver (./hdc test and "
            + ".ci/run install them)");
      }
    }
    Path profile = Files.createTempDirectory("hdc-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(FLAGS);
    options.addArguments("--user-data-dir=" + profile, "--window-size=" + width + "," + height);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
    try {
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
      return new HeadlessChromium(profile, service, driver);
    } catch (RuntimeException e) {
      service.stop();
      deleteTree(profile);
      throw e;
    }
  }

  ChromeDriver driver() {
    return driver;
  }

  /** The console entries since the last call. */
  List<LogEntry> console() {
    return driver.manage().logs().get(LogType.BROWSER).getAll();
  }

  /** Saves a PNG of the window. */
  Path screenshot(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    return file;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
      deleteTree(profile);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
