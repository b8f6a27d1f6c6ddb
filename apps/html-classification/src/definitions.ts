/**
 * The pipeline's asset definitions, built from its settings:
 *
 * landing -> raw/html-documents -> preprocess/url-normalization -> preprocess/html-parsing ->
 * preprocess/text-normalization (version x date) -> annotated -> model -> post-train
 *
 * @example
 * // strata.config.ts
 * export const definitions = (config: StrataConfig) => makeDefinitions(Settings.fromConfig(config.settings))
 */
import type { AssetDefinition } from "@strata/core"
import * as Annotated from "./assets/Annotated.ts"
import * as HtmlParsing from "./assets/HtmlParsing.ts"
import * as Landing from "./assets/Landing.ts"
import * as Model from "./assets/Model.ts"
import * as PostTrain from "./assets/PostTrain.ts"
import * as RawHtmlDocuments from "./assets/RawHtmlDocuments.ts"
import * as TextNormalization from "./assets/TextNormalization.ts"
import * as UrlNormalization from "./assets/UrlNormalization.ts"
import type { Settings } from "./Settings.ts"

/** Every asset of the pipeline, in dependency order. */
export const makeDefinitions = (settings: Settings): ReadonlyArray<AssetDefinition.AssetDefinition> => [
  Landing.make(settings),
  RawHtmlDocuments.make(settings) as AssetDefinition.AssetDefinition,
  UrlNormalization.make(settings) as AssetDefinition.AssetDefinition,
  HtmlParsing.make(settings) as AssetDefinition.AssetDefinition,
  TextNormalization.make(settings) as AssetDefinition.AssetDefinition,
  Annotated.make(settings) as AssetDefinition.AssetDefinition,
  Model.make(settings) as AssetDefinition.AssetDefinition,
  PostTrain.make(settings) as AssetDefinition.AssetDefinition
]
