import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

const config = new pulumi.Config();
const length = config.requireNumber("length");

const password = new random.RandomPassword("password", { length, special: true, overrideSpecial: "!#%" });
const str = new random.RandomString("string", { length, special: false });
const pet = new random.RandomPet("pet", { length: 2, keepers: { seed: "one" } });
const integer = new random.RandomInteger("integer", { min: 1, max: 1000 });
const uuid = new random.RandomUuid("uuid");
const shuffle = new random.RandomShuffle("shuffle", { inputs: ["a", "b", "c", "d"] });

export const passwordResult = password.result;
export const passwordBcrypt = password.bcryptHash;
export const stringResult = str.result;
export const petId = pet.id;
export const integerResult = integer.result;
export const uuidResult = uuid.result;
export const shuffled = shuffle.results;
