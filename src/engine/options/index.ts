export {
  type CreateOptionVenueModelParameters,
  createOptionVenueModel,
  type OptionVenueModel,
  type OptionVolSource,
} from "./optionVenueModel.js";
