// The features of each class, and which are computed by default (pyradiomics' non-deprecated
// set). docs/radiomics.md lists them with their IBSI codes.
#include <map>

#include "rimscan/error.h"
#include "rimscan/features/radiomics/features.h"

namespace rimscan::radiomics {
namespace {

ClassCatalogue make(std::vector<std::string> defaults, std::vector<std::string> extras) {
  ClassCatalogue c;
  c.all = defaults;
  c.all.insert(c.all.end(), extras.begin(), extras.end());
  c.defaults.insert(defaults.begin(), defaults.end());
  return c;
}

const std::map<std::string, ClassCatalogue>& all_catalogues() {
  static const std::map<std::string, ClassCatalogue> m = {
      {"firstorder",
       make({"10Percentile", "90Percentile", "Energy", "Entropy", "InterquartileRange", "Kurtosis", "Maximum", "Mean",
             "MeanAbsoluteDeviation", "Median", "Minimum", "Range", "RobustMeanAbsoluteDeviation", "RootMeanSquared",
             "Skewness", "TotalEnergy", "Uniformity", "Variance"},
            {"StandardDeviation", "MedianAbsoluteDeviation", "CoefficientOfVariation",
             "QuartileCoefficientOfDispersion"})},
      {"shape",
       make({"Elongation", "Flatness", "LeastAxisLength", "MajorAxisLength", "Maximum2DDiameterColumn",
             "Maximum2DDiameterRow", "Maximum2DDiameterSlice", "Maximum3DDiameter", "MeshVolume", "MinorAxisLength",
             "Sphericity", "SurfaceArea", "SurfaceVolumeRatio", "VoxelVolume"},
            {"Compactness1", "Compactness2", "SphericalDisproportion", "Asphericity", "CentreOfMassShift",
             "VolumeDensityAABB", "AreaDensityAABB", "VolumeDensityAEE", "AreaDensityAEE", "IntegratedIntensity"})},
      {"glcm",
       make({"Autocorrelation", "ClusterProminence", "ClusterShade", "ClusterTendency", "Contrast", "Correlation",
             "DifferenceAverage", "DifferenceEntropy", "DifferenceVariance", "Id", "Idm", "Idmn", "Idn", "Imc1", "Imc2",
             "InverseVariance", "JointAverage", "JointEnergy", "JointEntropy", "MCC", "MaximumProbability",
             "SumAverage", "SumEntropy", "SumSquares"},
            {"SumVariance", "Dissimilarity"})},
      {"glrlm",
       make({"GrayLevelNonUniformity", "GrayLevelNonUniformityNormalized", "GrayLevelVariance",
             "HighGrayLevelRunEmphasis", "LongRunEmphasis", "LongRunHighGrayLevelEmphasis",
             "LongRunLowGrayLevelEmphasis", "LowGrayLevelRunEmphasis", "RunEntropy", "RunLengthNonUniformity",
             "RunLengthNonUniformityNormalized", "RunPercentage", "RunVariance", "ShortRunEmphasis",
             "ShortRunHighGrayLevelEmphasis", "ShortRunLowGrayLevelEmphasis"},
            {})},
      {"glszm",
       make({"GrayLevelNonUniformity", "GrayLevelNonUniformityNormalized", "GrayLevelVariance",
             "HighGrayLevelZoneEmphasis", "LargeAreaEmphasis", "LargeAreaHighGrayLevelEmphasis",
             "LargeAreaLowGrayLevelEmphasis", "LowGrayLevelZoneEmphasis", "SizeZoneNonUniformity",
             "SizeZoneNonUniformityNormalized", "SmallAreaEmphasis", "SmallAreaHighGrayLevelEmphasis",
             "SmallAreaLowGrayLevelEmphasis", "ZoneEntropy", "ZonePercentage", "ZoneVariance"},
            {})},
      {"gldm",
       make({"DependenceEntropy", "DependenceNonUniformity", "DependenceNonUniformityNormalized",
             "DependenceVariance", "GrayLevelNonUniformity", "GrayLevelVariance", "HighGrayLevelEmphasis",
             "LargeDependenceEmphasis", "LargeDependenceHighGrayLevelEmphasis", "LargeDependenceLowGrayLevelEmphasis",
             "LowGrayLevelEmphasis", "SmallDependenceEmphasis", "SmallDependenceHighGrayLevelEmphasis",
             "SmallDependenceLowGrayLevelEmphasis"},
            {"GrayLevelNonUniformityNormalized", "DependenceCountPercentage", "DependenceCountEnergy"})},
      {"ngtdm", make({"Busyness", "Coarseness", "Complexity", "Contrast", "Strength"}, {})},
      {"ih",
       make({"Mean", "Variance", "Skewness", "Kurtosis", "Median", "Minimum", "10Percentile", "90Percentile",
             "Maximum", "Mode", "InterquartileRange", "Range", "MeanAbsoluteDeviation", "RobustMeanAbsoluteDeviation",
             "MedianAbsoluteDeviation", "CoefficientOfVariation", "QuartileCoefficientOfDispersion", "Entropy",
             "Uniformity", "MaximumHistogramGradient", "MaximumHistogramGradientIntensity", "MinimumHistogramGradient",
             "MinimumHistogramGradientIntensity"},
            {})},
      {"ivh",
       make({"VolumeFractionAt10Intensity", "VolumeFractionAt90Intensity", "IntensityAt10Volume",
             "IntensityAt90Volume", "VolumeFractionDifferenceBetween10And90Intensity",
             "IntensityDifferenceBetween10And90Volume"},
            {})},
  };
  return m;
}

}  // namespace

const ClassCatalogue& catalogue(const std::string& cls) {
  const auto& m = all_catalogues();
  auto it = m.find(cls);
  if (it == m.end()) throw Error(ErrorCode::kUsage, "unknown radiomics feature class '" + cls + "'");
  return it->second;
}

}  // namespace rimscan::radiomics
