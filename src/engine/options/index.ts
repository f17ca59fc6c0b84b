export {
  type CreateOptionVenueModelParameters,
  createOptionVenueModel,
  type OptionVenueModel,
  type OptionVolSource,
  type OptionVolSteps,
} from "./optionVenueModel.js";
