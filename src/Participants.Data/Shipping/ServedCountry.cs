namespace Saga.Participants.Shipping.Data;

/// <summary>A destination we deliver to, and the carrier that takes shipments there.</summary>
public class ServedCountry
{
    public const int CodeLength = ParticipantLimits.CountryCodeLength;
    public const int CarrierMaxLength = 64;

    public ServedCountry(string code, string carrier)
    {
        Code = code;
        Carrier = carrier;
    }

    /// <summary>ISO 3166-1 alpha-2, upper case.</summary>
    public string Code { get; private set; }

    public string Carrier { get; private set; }
}
